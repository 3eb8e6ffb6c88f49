// Drives the built studio (dist/, served by the test runner) inside an iframe, so a test
// can reload it for real and keep its IndexedDB and service worker, like a user's tab.
import { executeServerCommand, setViewport } from '@web/test-runner-commands';

export const APP_URL = '/dist/index.html';

export interface ScreenshotStats { file: string; width: number; height: number; differingFraction: number; distinctColours: number }

export async function waitFor<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 60_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Frames the studio's viewport has drawn (it draws on demand, so a new one means a change reached the screen). */
export const viewportFrames = (doc: Document): number => Number(byTestId(doc, 'viewport')?.dataset.frames ?? 0);

/** Makes a change, then waits until the viewport has drawn a frame after it: what it shows is what was set. */
export async function drawnAfter(doc: Document, change: () => unknown, timeoutMs = 90_000): Promise<void> {
  const before = viewportFrames(doc);
  await change();
  await waitFor('a frame drawn after the change', () => viewportFrames(doc) > before, timeoutMs);
}

/**
 * Waits for the app's next `count` animation frames: the page's own clock, which slows with
 * a loaded machine as the app does, for checks that something does NOT happen.
 */
export async function animationFrames(doc: Document, count: number): Promise<void> {
  const win = doc.defaultView;
  if (!win) throw new Error('the app has no window to draw frames in');
  for (let i = 0; i < count; i++) await new Promise((r) => win.requestAnimationFrame(r));
}

/** A browser window's inner size: the studio's iframe fills it. */
export interface AppSize { width: number; height: number }
export const LAPTOP: AppSize = { width: 1280, height: 800 };

/** The studio's iframe; another `id` is another tab on the same origin (same IndexedDB). */
export function appFrame(id = 'studio', size: AppSize = LAPTOP): HTMLIFrameElement {
  let frame = document.querySelector<HTMLIFrameElement>(`iframe#${id}`);
  if (!frame) {
    frame = document.createElement('iframe');
    frame.id = id;
    document.body.appendChild(frame);
  }
  frame.style.cssText = `position:fixed;left:0;top:0;width:${size.width}px;height:${size.height}px;border:0;background:#fff`;
  return frame;
}

export async function loadApp(id = 'studio', size: AppSize = LAPTOP): Promise<Document> {
  await setViewport(size);
  const frame = appFrame(id, size);
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  if (frame.src.endsWith(APP_URL)) frame.contentWindow!.location.reload();
  else frame.src = APP_URL;
  await loaded;
  // The demo offer (a card on an empty library, a link otherwise) shows only once the
  // library has loaded from IndexedDB: wait for it, not just for the header.
  return waitFor('the studio and its library to load', () =>
    frame.contentDocument?.querySelector('[data-testid="new-case"]') &&
    frame.contentDocument.querySelector('[data-testid="open-demo"]') && frame.contentDocument);
}

export function byTestId<E extends Element = HTMLElement>(doc: Document, id: string): E | null {
  return doc.querySelector<E>(`[data-testid="${id}"]`);
}

export function allByTestId<E extends Element = HTMLElement>(doc: Document, id: string): E[] {
  return [...doc.querySelectorAll<E>(`[data-testid="${id}"]`)];
}

export async function uploadFiles(testId: string, files: string[]): Promise<void> {
  await executeServerCommand('studio-upload', { frameUrlPart: APP_URL, testId, files });
}

/**
 * The test runner gives a server command 20 s. On a loaded machine Chromium's software GPU
 * can keep a screenshot waiting longer for its frame; once more after a pause, then fail.
 */
async function screenshot(payload: { name: string; clip?: { x: number; y: number; width: number; height: number } }): Promise<ScreenshotStats> {
  try {
    return await (executeServerCommand('studio-screenshot', payload) as Promise<ScreenshotStats>);
  } catch (e) {
    if (!/Did not receive a server response/.test(String(e))) throw e;
    await new Promise((r) => setTimeout(r, 5000));
    return executeServerCommand('studio-screenshot', payload) as Promise<ScreenshotStats>;
  }
}

/** Screenshot of one element of the app (page coordinates = iframe at 0,0). */
export async function screenshotElement(name: string, el: Element): Promise<ScreenshotStats> {
  const r = el.getBoundingClientRect();
  const clip = { x: Math.max(0, r.left), y: Math.max(0, r.top), width: Math.max(1, r.width), height: Math.max(1, r.height) };
  return screenshot({ name, clip });
}

export async function screenshotPage(name: string): Promise<ScreenshotStats> {
  return screenshot({ name });
}

export async function deleteDatabase(name: string): Promise<void> {
  await new Promise<void>((res, rej) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => res();
    req.onerror = () => rej(req.error);
    req.onblocked = () => res();
  });
}

/**
 * Clicks the viewport on the screen position of a tooth's number label's crown: the label
 * sits just buccal of the crown, so the click goes a little towards the arch's centre.
 */
export async function selectTooth(doc: Document, fdi: number): Promise<void> {
  const canvas = doc.querySelector<HTMLCanvasElement>('canvas.viewport-canvas')!;
  const label = allByTestId(doc, 'tooth-label').find((l) => l.dataset.fdi === String(fdi))!;
  const c = canvas.getBoundingClientRect();
  const r = label.getBoundingClientRect();
  const centre = { x: c.left + c.width / 2, y: c.top + c.height / 2 };
  const at = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  const win = doc.defaultView!;
  for (const t of [0.15, 0.25, 0.35, 0.45, 0.55]) {
    const x = at.x + (centre.x - at.x) * t;
    const y = at.y + (centre.y - at.y) * t;
    const init = { clientX: x, clientY: y, button: 0, bubbles: true, pointerId: 1, isPrimary: true };
    canvas.dispatchEvent(new win.PointerEvent('pointerdown', init));
    canvas.dispatchEvent(new win.PointerEvent('pointerup', init));
    const selected = await waitFor(`tooth ${fdi} selected`, () => byTestId(doc, 'selected-tooth')?.dataset.fdi === String(fdi), 3000)
      .catch(() => false);
    if (selected) return;
  }
  throw new Error(`could not select tooth ${fdi} by clicking the viewport`);
}

/** Clicks an element of the app; a missing one fails with what the studio shows instead. */
export function click(el: Element | null, what: string): void {
  if (!el) {
    const page = (document.querySelector<HTMLIFrameElement>('iframe#studio')?.contentDocument?.body?.innerText ?? '').replace(/\s+/g, ' ');
    throw new Error(`missing ${what}; the studio shows: ${page.slice(0, 400)}`);
  }
  (el as HTMLElement).click();
}

/** Picks an option of a <select> as a user does (the change event fires). */
/** Sets a select's or an input's value as a user would, firing `events` (a slider or a typed field: input and change). */
export function choose(el: HTMLInputElement | HTMLSelectElement | null, value: string, what: string, events: readonly string[] = ['change']): void {
  if (!el) throw new Error(`missing ${what}`);
  el.value = value;
  for (const type of events) el.dispatchEvent(new Event(type, { bubbles: true }));
}

/**
 * Every record of one store of the studio's database, read by this page (the app's frames
 * share its origin): what the studio really saved, not what it shows.
 */
export async function storedRecords<T = unknown>(store: 'cases' | 'blobs' | 'plans'): Promise<T[]> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const req = indexedDB.open('aligner-studio');
    req.onsuccess = () => res(req.result);
    req.onerror = () => rej(req.error);
  });
  try {
    return await new Promise<T[]>((res, rej) => {
      const req = db.transaction(store, 'readonly').objectStore(store).getAll();
      req.onsuccess = () => res(req.result as T[]);
      req.onerror = () => rej(req.error);
    });
  } finally {
    db.close();
  }
}
