// The review journeys' shared steps: setting the local profile through Settings in the suite's
// studio frame, keeping what the studio downloads, and driving a second browser profile (the
// doctor's computer: web/tooling/review-commands.mjs) by small functions run in its tab.
import { executeServerCommand } from '@web/test-runner-commands';
import { byTestId, choose, click, waitFor } from './harness.ts';
import { LONG, slider } from './plan-page.ts';

export async function profileAs(doc: Document, name: string, role: string, knownKey?: { name: string; fingerprint: string }): Promise<void> {
  if (!byTestId<HTMLDialogElement>(doc, 'settings-dialog')?.open) click(byTestId(doc, 'settings-open'), 'the Settings button');
  await waitFor('the Settings dialog', () => byTestId<HTMLDialogElement>(doc, 'settings-dialog')?.open);
  choose(byTestId<HTMLInputElement>(doc, 'profile-name'), name, 'the name field', ['input']);
  choose(byTestId<HTMLSelectElement>(doc, 'profile-role'), role, 'the role');
  if (knownKey) {
    choose(byTestId<HTMLInputElement>(doc, 'known-key-name'), knownKey.name, 'the key owner field', ['input']);
    choose(byTestId<HTMLInputElement>(doc, 'known-key-fingerprint'), knownKey.fingerprint, 'the fingerprint field', ['input']);
    click(byTestId(doc, 'known-key-add'), 'Add key');
    await waitFor('the key listed', () => byTestId(doc, 'known-key'));
  }
  click(byTestId(doc, 'profile-save'), 'Save');
  await waitFor(`the header naming ${name}`, () => byTestId(doc, 'settings-open')?.textContent?.includes(name));
}

/** As a planner would: opens the demo case, runs auto-setup and waits for the staged plan saved. */
export async function stagedDemo(doc: Document): Promise<void> {
  click(byTestId(doc, 'open-demo'), 'Open the demo case');
  click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
  click(await waitFor('the Setup section', () => byTestId(doc, 'plan-tab-setup'), LONG), 'Setup section');
  click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
  await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
  await waitFor('the plan saved', () => byTestId(doc, 'plan-save-status')?.dataset.status === 'saved', LONG);
}

export interface Download { name: string; bytes: Uint8Array }

/** Keeps every file the studio in `frame` downloads (an <a download> on a blob: URL) instead of saving it. */
export function keepDownloads(frame: HTMLIFrameElement): Download[] {
  const kept: Download[] = [];
  const win = frame.contentWindow as (Window & typeof globalThis) | null;
  if (!win) throw new Error('the studio frame has no window');
  win.HTMLAnchorElement.prototype.click = function keep(this: HTMLAnchorElement) {
    if (!this.download || !this.href.startsWith('blob:')) return;
    const name = this.download;
    void fetch(this.href).then((r) => r.arrayBuffer()).then((b) => kept.push({ name, bytes: new Uint8Array(b) }));
  };
  return kept;
}

export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** Puts a file on the stand-in package host; its URL (for a link) and its path on disk (for a file chooser). */
export function hostFile(name: string, bytes: Uint8Array): Promise<{ url: string; path: string }> {
  return executeServerCommand('review-host-put', { name, base64: base64Of(bytes) }) as Promise<{ url: string; path: string }>;
}

/** The doctor's computer: a browser profile of its own, driven by functions run in its tab. */
export class OtherProfile {
  private constructor(readonly tab: string) {}

  static async open(url: string): Promise<OtherProfile> {
    const { tab } = (await executeServerCommand('review-tab-open', { url })) as { tab: string };
    return new OtherProfile(tab);
  }

  goto(url: string): Promise<unknown> {
    return executeServerCommand('review-tab-goto', { tab: this.tab, url });
  }

  /** Runs `fn(arg)` in the tab (it must not use anything from this file) and returns its value. */
  async run<A, R>(fn: (arg: A) => R, arg?: A): Promise<R> {
    const expression = `(${fn.toString()})(${JSON.stringify(arg ?? null)})`;
    const { value } = (await executeServerCommand('review-tab-eval', { tab: this.tab, expression })) as { value: R };
    return value;
  }

  async until<A, R>(what: string, fn: (arg: A) => R, arg?: A, timeoutMs = 120_000): Promise<NonNullable<R>> {
    const start = performance.now();
    for (;;) {
      const value = await this.run(fn, arg);
      if (value) return value as NonNullable<R>;
      if (performance.now() - start > timeoutMs) {
        const text = await this.run(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 500));
        throw new Error(`timed out waiting in the other profile for ${what}; it shows: ${text}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  screenshot(name: string): Promise<unknown> {
    return executeServerCommand('review-tab-screenshot', { tab: this.tab, name });
  }

  /** Files the tab's studio downloaded so far (web/tooling/review-commands.mjs keeps them). */
  async downloads(): Promise<Download[]> {
    const list = await this.run(() => (window as unknown as { __downloads: { name: string; base64: string }[] }).__downloads);
    return list.map((d) => ({ name: d.name, bytes: bytesOf(d.base64) }));
  }
}

// Functions run inside the other profile's tab: each stands alone (no imports, no closures).

/** Clicks [data-testid=id] (the first, or the one whose data-fdi is `fdi`); false when absent. */
export function clickIn(a: { id: string; fdi?: string }): boolean {
  const all = [...document.querySelectorAll<HTMLElement>(`[data-testid="${a.id}"]`)];
  const el = a.fdi === undefined ? all[0] : all.find((e) => e.dataset.fdi === a.fdi);
  if (!el || (el as HTMLButtonElement).disabled) return false;
  el.click();
  return true;
}

/** Types into a field or picks an option, as a user does. */
export function setIn(a: { id: string; value: string; events?: string[] }): boolean {
  const el = document.querySelector<HTMLInputElement>(`[data-testid="${a.id}"]`);
  if (!el) return false;
  el.value = a.value;
  for (const type of a.events ?? ['input', 'change']) el.dispatchEvent(new Event(type, { bubbles: true }));
  return true;
}

/** What a journey waits on in the other profile's studio. */
export function reviewState() {
  const get = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const view = get('review-view');
  return {
    settings: Boolean(get('settings-dialog')?.hasAttribute('open')),
    review: Boolean(view),
    ready: view?.dataset.planPhase === 'ready' && view.dataset.computing === 'false',
    approval: get('approval-status')?.dataset.state ?? '',
    approvalText: get('approval-status')?.textContent ?? '',
    comments: [...document.querySelectorAll<HTMLElement>('[data-testid="review-comment"]')].map((c) => ({ fdi: c.dataset.fdi, text: c.textContent ?? '' })),
    toasts: [...document.querySelectorAll<HTMLElement>('[data-testid="toast"]')].map((t) => t.textContent ?? ''),
    url: location.href,
    fingerprint: get('signing-fingerprint')?.textContent ?? '',
    downloads: (window as unknown as { __downloads?: unknown[] }).__downloads?.length ?? 0,
  };
}
