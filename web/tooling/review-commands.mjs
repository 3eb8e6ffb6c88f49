// Test-runner commands for the two-computer review journey (web/e2e/share-review.browser.test.ts).
// The planner works in the suite's iframe; the doctor is a second browser profile: a top-level tab
// in a browser context of its own (its own IndexedDB and settings), on the studio served by
// `vite preview` as `npm start` serves it. A small static host with CORS stands in for
// wherever a clinic puts the encrypted package (a bucket, a shared drive's web link). The runner
// gives a command 20 s, so each is short and the test polls.
/* global document, window, HTMLAnchorElement, fetch, btoa -- the download hook runs inside the doctor's tab */
/* global URL, Buffer -- Node */
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A package host: GET /<name> answers the bytes last put under that name, to any origin. */
async function startPackageHost() {
  const files = new Map();
  const requests = [];
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname.slice(1));
    requests.push({ method: req.method, name, origin: req.headers.origin ?? '' });
    const cors = { 'Access-Control-Allow-Origin': '*' };
    const body = files.get(name);
    if (!body) { res.writeHead(404, { ...cors, 'Content-Type': 'text/plain' }).end('not found'); return; }
    res.writeHead(200, { ...cors, 'Content-Type': 'application/octet-stream', 'Content-Length': body.length }).end(body);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', () => ok(undefined)));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, files, requests, close: () => new Promise((ok) => { server.close(() => ok(undefined)); server.closeAllConnections(); }) };
}

/**
 * Runs in the doctor's tab before the studio: a download the studio starts (an <a download> on a
 * blob: URL) is kept in window.__downloads instead of going to a folder, so the test can hand it on.
 */
function captureDownloads() {
  window.__downloads = [];
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function clickOrKeep() {
    if (!this.download || !this.href.startsWith('blob:')) return click.call(this);
    const name = this.download;
    void fetch(this.href).then((r) => r.arrayBuffer()).then((buffer) => {
      let binary = '';
      const bytes = new Uint8Array(buffer);
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      window.__downloads.push({ name, base64: btoa(binary) });
    });
  };
  void document;
}

export function reviewCommands({ root }) {
  const tabs = new Map();
  const contexts = new Set();
  let host = null;
  let nextId = 1;
  const outDir = join(root, '.wtr-out');

  async function openTab(session, { url, width = 1280, height = 800 }) {
    const context = await session.browser.getPage(session.id).browser().createBrowserContext();
    contexts.add(context);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.evaluateOnNewDocument(captureDownloads);
    await page.setViewport({ width, height });
    const id = `tab-${nextId++}`;
    tabs.set(id, { page, problems });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 15_000 });
    return id;
  }

  return {
    name: 'review-commands',
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('review-')) return undefined;
      const tab = payload?.tab && tabs.get(payload.tab);
      if (payload?.tab && !tab) throw new Error(`no tab ${payload.tab}`);
      switch (command) {
        case 'review-host-put': {
          host ??= await startPackageHost();
          const bytes = Buffer.from(payload.base64, 'base64');
          host.files.set(payload.name, bytes);
          // Also on disk, for a file chooser upload into the planner's studio.
          mkdirSync(join(outDir, 'packages'), { recursive: true });
          const path = join(outDir, 'packages', payload.name);
          writeFileSync(path, bytes);
          return { url: `${host.url}${encodeURIComponent(payload.name)}`, path: join('.wtr-out', 'packages', payload.name) };
        }
        case 'review-host-requests':
          return host ? host.requests.slice() : [];
        case 'review-tab-open':
          return { tab: await openTab(session, payload) };
        case 'review-tab-goto':
          await tab.page.goto(payload.url, { waitUntil: 'domcontentloaded', timeout: 15_000 });
          return true;
        case 'review-tab-eval':
          // An expression evaluated in the doctor's tab; its (JSON-able) value comes back.
          return { value: await tab.page.evaluate(payload.expression), problems: tab.problems.slice(-8) };
        case 'review-tab-upload': {
          const input = await tab.page.$(`[data-testid="${payload.testId}"]`);
          if (!input) throw new Error(`no [data-testid=${payload.testId}] in ${tab.page.url()}`);
          await input.uploadFile(...payload.files.map((f) => join(root, f)));
          return true;
        }
        case 'review-tab-screenshot': {
          mkdirSync(outDir, { recursive: true });
          const file = join(outDir, `${payload.name}.png`);
          await tab.page.screenshot({ path: file, type: 'png' });
          return { file };
        }
        case 'review-tab-trace-start':
          await tab.page.tracing.start({ path: join(outDir, `${payload.name}.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'loading', 'v8', 'gpu', 'gpu.angle', 'disabled-by-default-gpu.service', 'disabled-by-default-gpu.decoder', 'gpu.service', 'toplevel', 'mojom', 'ipc', 'cc', 'viz', 'skia', 'gpu.capture', 'shaders', 'disabled-by-default-gpu.angle'] });
          return true;
        case 'review-tab-trace-stop':
          await tab.page.tracing.stop();
          return true;
        case 'review-close-all': {
          for (const context of contexts) await context.close().catch(() => undefined);
          contexts.clear();
          tabs.clear();
          if (host) await host.close();
          host = null;
          return true;
        }
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
