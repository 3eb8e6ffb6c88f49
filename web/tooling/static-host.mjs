// A small static host for dist/ with the response headers real hosts send (and README's
// "Hosting" section asks for): the offline journey runs against it as well as against
// `vite preview`, so the service worker is proven on both. Clean URLs too: /index.html
// redirects to /, as Cloudflare Pages and Netlify do.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { URL } from 'node:url';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The headers README's "Hosting" section lists: index.html's own policy plus frame-ancestors. */
export function hostingHeaders(indexHtml) {
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml);
  if (!meta) throw new Error('index.html carries no Content-Security-Policy meta to extend');
  return {
    'Content-Security-Policy': `${meta[1]}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Hashed build output may be cached for a year; the entry points must be revalidated. */
function cacheControl(path) {
  return path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Serves `dir` on 127.0.0.1 (port 0: any free one); resolves once listening. */
export async function startStaticHost(dir, port = 0) {
  const root = resolve(dir);
  const security = hostingHeaders(readFileSync(resolve(root, 'index.html'), 'utf8'));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, security).end(); return; }
    if (url.pathname === '/index.html') { res.writeHead(308, { ...security, Location: `/${url.search}` }).end(); return; }
    const path = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
    const file = resolve(root, `.${decodeURIComponent(path)}`);
    let body;
    try {
      if (!file.startsWith(root + sep)) throw new Error('outside the site');
      body = readFileSync(file);
    } catch {
      res.writeHead(404, { ...security, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    const headers = { ...security, 'Content-Type': type, 'Cache-Control': cacheControl(url.pathname), ETag: etag, Vary: 'Accept-Encoding, Origin' };
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, headers).end(); return; }
    if (/^text\/|javascript|json/.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    res.writeHead(200, { ...headers, 'Content-Length': body.length }).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', () => ok(undefined)));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    port: server.address().port,
    close: () => new Promise((ok) => { server.close(() => ok(undefined)); server.closeAllConnections(); }),
  };
}
