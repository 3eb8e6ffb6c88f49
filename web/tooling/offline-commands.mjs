// Test-runner commands for web/e2e/offline.browser.test.ts. They serve dist/ from a real
// server (the `vite preview` that `npm start` runs, or ./static-host.mjs), open it in a
// top-level tab of the test browser (a service worker needs one; the suite's iframe is not
// it), read and click that tab, and stop the server for real: listener and open sockets
// closed, the port refusing connections. The runner gives a command 20 s, so each is short
// and the test polls.
/* global document, location, navigator -- tabState and the click run inside the studio tab (page.evaluate) */
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { startStaticHost } from './static-host.mjs';

async function startPreview(root) {
  const { preview } = await import('vite');
  // Same config file and outDir as `npm start`; only the port differs (any free one).
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: true } });
  const port = server.httpServer.address().port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: async () => {
      const closing = server.close();
      server.httpServer.closeAllConnections();
      await closing;
    },
  };
}

function refusesConnections(port) {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); done(false); });
    socket.once('error', (e) => done(e.code === 'ECONNREFUSED'));
  });
}

/** What the test asks of a tab: enough to tell a booted studio from a stuck loading line. */
function tabState() {
  const viewport = document.querySelector('[data-testid="viewport"]');
  return {
    url: location.href,
    controlled: Boolean(navigator.serviceWorker?.controller),
    library: Boolean(document.querySelector('[data-testid="new-case"]') && document.querySelector('[data-testid="open-demo"]')),
    caseRows: document.querySelectorAll('[data-testid="case-row"]').length,
    arches: viewport?.getAttribute('data-arches') ?? '',
    text: (document.body?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 300),
  };
}

export function offlineCommands({ root }) {
  const hosts = new Map();
  const tabs = new Map();
  const contexts = new Set();
  let nextId = 1;

  async function openTab(session, { url, tab: sibling }) {
    const context = sibling ? tabs.get(sibling).page.browserContext()
      : await session.browser.getPage(session.id).browser().createBrowserContext();
    contexts.add(context);
    const page = await context.newPage();
    const problems = [];
    page.on('requestfailed', (r) => problems.push(`${r.url()} failed: ${r.failure()?.errorText}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    const id = `tab-${nextId++}`;
    tabs.set(id, { page, problems });
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 15_000 });
    return id;
  }

  async function closeAll() {
    for (const context of contexts) await context.close().catch(() => undefined);
    contexts.clear();
    tabs.clear();
    for (const host of hosts.values()) await host.close();
    hosts.clear();
    return true;
  }

  return {
    name: 'offline-commands',
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('offline-')) return undefined;
      const tab = payload?.tab && tabs.get(payload.tab);
      switch (command) {
        case 'offline-host-start': {
          const host = payload.kind === 'preview' ? await startPreview(root) : await startStaticHost(resolve(root, 'dist'));
          const id = `host-${nextId++}`;
          hosts.set(id, host);
          return { id, url: host.url };
        }
        case 'offline-host-stop': {
          const host = hosts.get(payload.id);
          await host.close();
          hosts.delete(payload.id);
          return { refused: await refusesConnections(host.port) };
        }
        case 'offline-tab-open':
          return { tab: await openTab(session, payload) };
        case 'offline-tab-reload':
          await tab.page.reload({ waitUntil: 'domcontentloaded', timeout: 15_000 });
          return true;
        case 'offline-tab-state':
          return { ...(await tab.page.evaluate(tabState)), problems: tab.problems.slice(-8) };
        case 'offline-tab-click':
          return tab.page.evaluate(({ testId, index }) => {
            const el = document.querySelectorAll(`[data-testid="${testId}"]`)[index ?? 0];
            el?.click();
            return Boolean(el);
          }, payload);
        case 'offline-close-all':
          return closeAll();
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
