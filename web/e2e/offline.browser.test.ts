// Offline as users meet it: the studio served by the very server `npm start` runs (vite
// preview) and by a static host sending the usual headers (./../tooling/static-host.mjs),
// visited once in a real tab, then the server stopped (port refusing connections). The tab
// reloads and a new tab opens: each shows the library and draws the demo case from the
// service worker's cache alone. The suite's own page is an iframe on the test server, so
// the tabs are driven through server commands (web/tooling/offline-commands.mjs).
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';

interface TabState {
  url: string; controlled: boolean; library: boolean; caseRows: number; arches: string; text: string; problems: string[];
}

const command = <T>(name: string, payload?: object) => executeServerCommand(name, payload) as Promise<T>;

/** Polls a tab until `ok`; a busy tab may miss one command's 20 s, so those are retried. */
async function waitForTab(tab: string, what: string, ok: (s: TabState) => boolean, timeoutMs = 120_000): Promise<TabState> {
  const start = performance.now();
  let last: TabState | string = 'no answer yet';
  for (;;) {
    try {
      const state = await command<TabState>('offline-tab-state', { tab });
      if (ok(state)) return state;
      last = state;
    } catch (e) {
      last = String(e);
    }
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; the tab: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function click(tab: string, testId: string, index = 0): Promise<void> {
  expect(await command<boolean>('offline-tab-click', { tab, testId, index }), `[data-testid=${testId}] in the tab`).to.equal(true);
}

const libraryShown = (s: TabState) => s.library;

async function journey(kind: 'preview' | 'static'): Promise<void> {
  const host = await command<{ id: string; url: string }>('offline-host-start', { kind });
  const tab = (await command<{ tab: string }>('offline-tab-open', { url: host.url })).tab;
  await waitForTab(tab, 'the service worker to control the page and the library to show', (s) => s.controlled && s.library);

  const stopped = await command<{ refused: boolean }>('offline-host-stop', { id: host.id });
  expect(stopped.refused, `${host.url} refuses connections once stopped`).to.equal(true);

  await command('offline-tab-reload', { tab });
  await waitForTab(tab, 'the library after a reload with the server stopped', libraryShown);
  await click(tab, 'open-demo');
  await waitForTab(tab, 'the demo case drawn with the server stopped', (s) => s.arches.length > 0);

  // By its file name this time: hosts with clean URLs answered the precache of index.html
  // with a redirect, and a redirected response may not answer a navigation.
  const fresh = (await command<{ tab: string }>('offline-tab-open', { url: `${host.url}index.html`, tab })).tab;
  const state = await waitForTab(fresh, 'the library with the demo case in a new tab', (s) => s.library && s.caseRows === 1);
  expect(state.controlled, 'the new tab is served by the service worker').to.equal(true);
  await click(fresh, 'case-row');
  await waitForTab(fresh, 'an arch drawn in the new tab', (s) => s.arches.length > 0);
}

describe('offline after one visit, with the server stopped', () => {
  afterEach(async () => {
    await command('offline-close-all');
  });

  it('works on the server `npm start` runs (vite preview)', async function () {
    this.timeout(600_000);
    await journey('preview');
  });

  it('works on a static host sending Cache-Control, ETag, Vary, a CSP with frame-ancestors and clean-URL redirects', async function () {
    this.timeout(600_000);
    await journey('static');
  });
});
