// Zoom and small windows (issue #17): a 1280x720 window at 200% zoom is a 640x360 CSS-pixel
// viewport. There, and in a plain 1280x720 window, every control of the library, the Scans,
// Plan (each section) and Record tabs, the dashboard and Settings can be reached (on screen,
// or scrolled to, and not covered), nothing runs off the side of the page, the 3D view keeps
// a usable size and the stage strip stays clear of the viewport's toolbar.
import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import { animationFrames, appFrame, allByTestId, byTestId, click, deleteDatabase, loadApp, screenshotPage, waitFor, type AppSize } from './harness.ts';
import { engineIdle, LONG, phase, slider } from './plan-page.ts';

/** Everything a keyboard or a pointer can act on. */
const INTERACTIVE = 'button, input, select, textarea, a[href], summary, [tabindex]:not([tabindex="-1"])';
const PLAN_TABS = ['setup', 'staging', 'attachments', 'findings', 'versions', 'models'];

type Box = { left: number; top: number; right: number; bottom: number };
const area = (b: Box) => Math.max(0, b.right - b.left) * Math.max(0, b.bottom - b.top);
const intersect = (a: Box, b: Box): Box => ({
  left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom),
});
const overlaps = (a: Box, b: Box) => area(intersect(a, b)) > 0.5;

function describeEl(el: Element): string {
  const testId = el.getAttribute('data-testid');
  const label = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
  return `<${el.tagName.toLowerCase()}${testId ? ` data-testid=${testId}` : ''}${el.className && typeof el.className === 'string' ? ` .${el.className.split(' ')[0]}` : ''}> "${label}"`;
}

/** Drawn at all: laid out, not hidden, not in a closed <details> (its content is skipped) or a closed dialog. */
function shown(el: HTMLElement): boolean {
  return el.getClientRects().length > 0 && el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true });
}

/**
 * What a user sees of a control: a control made invisible over its label (a file input on a
 * styled label) is seen as that label.
 */
function seenAs(el: HTMLElement): HTMLElement {
  const style = el.ownerDocument.defaultView!.getComputedStyle(el);
  if (Number(style.opacity) === 0) return el.closest('label') ?? el.parentElement ?? el;
  return el;
}

/** The part of `el` not cut off by an ancestor that clips (scrolls or hides its overflow) or by the window. */
function visiblePart(el: HTMLElement): Box & { by?: Element } {
  const doc = el.ownerDocument;
  const win = doc.defaultView!;
  const r = el.getBoundingClientRect();
  let box: Box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  let by: Element | undefined;
  for (let a = el.parentElement; a && a !== doc.documentElement; a = a.parentElement) {
    const s = win.getComputedStyle(a);
    // A box with display: contents draws nothing of its own, so it cuts nothing off.
    const clipsX = s.display !== 'contents' && s.overflowX !== 'visible', clipsY = s.display !== 'contents' && s.overflowY !== 'visible';
    if (!clipsX && !clipsY) continue;
    const ar = a.getBoundingClientRect();
    const inner: Box = {
      left: ar.left + a.clientLeft, top: ar.top + a.clientTop,
      right: ar.left + a.clientLeft + a.clientWidth, bottom: ar.top + a.clientTop + a.clientHeight,
    };
    const clipped = intersect(box, {
      left: clipsX ? inner.left : -Infinity, right: clipsX ? inner.right : Infinity,
      top: clipsY ? inner.top : -Infinity, bottom: clipsY ? inner.bottom : Infinity,
    });
    if (area(clipped) < area(box) * 0.97) by ??= a;
    box = clipped;
  }
  return { ...intersect(box, { left: 0, top: 0, right: doc.documentElement.clientWidth, bottom: doc.documentElement.clientHeight }), by };
}

/**
 * Every shown control under `scope` can be brought on screen: scrolled into view (by the page
 * or a scrolling panel), it lies inside the window, is not cut off by a clipping ancestor, and
 * a click at its centre reaches it (nothing covers it). Returns what fails, in words.
 */
/** The nearest ancestor that scrolls its content (overflow auto or scroll), if any. */
function scroller(el: HTMLElement): HTMLElement | null {
  for (let a = el.parentElement; a; a = a.parentElement) {
    const style = a.ownerDocument.defaultView!.getComputedStyle(a);
    if (/(auto|scroll)/.test(style.overflowX + style.overflowY)) return a;
  }
  return null;
}

function unreachable(doc: Document, scope: ParentNode): string[] {
  const problems: string[] = [];
  const vw = doc.documentElement.clientWidth, vh = doc.documentElement.clientHeight;
  const seen = new Set<HTMLElement>();
  const blurSkipLink = () => { if ((doc.activeElement as HTMLElement | null)?.classList.contains('skip-link')) (doc.activeElement as HTMLElement).blur(); };
  for (const control of scope.querySelectorAll<HTMLElement>(INTERACTIVE)) {
    blurSkipLink();
    if (!shown(control)) continue;
    const el = seenAs(control);
    if (seen.has(el)) continue;
    seen.add(el);
    // The skip link shows only while it has focus: it is reached by Tab, so it is measured focused.
    const focusShown = el.classList.contains('skip-link');
    if (focusShown) el.focus();
    el.scrollIntoView({ block: 'center', inline: 'center' });
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) {
      problems.push(`${describeEl(el)} has no size (${r.width}x${r.height})`);
      continue;
    }
    // Wider or taller than the window, or than the box that scrolls it (a table row in a table
    // that scrolls sideways), a control cannot show whole.
    const box = scroller(el);
    const fits = r.width <= Math.min(vw, box?.clientWidth ?? vw) && r.height <= Math.min(vh, box?.clientHeight ?? vh);
    const part = visiblePart(el);
    // A control as big as the window shows its middle; any other shows whole.
    const whole = fits ? area(part) >= area(r) * 0.97 : area(part) > 0;
    if (!whole) {
      problems.push(`${describeEl(el)} is cut off: at ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}, ` +
        `${Math.round((100 * area(part)) / area(r))}% shown in a ${vw}x${vh} window${part.by ? `, cut off by ${describeEl(part.by)}` : ''}`);
      continue;
    }
    const x = (part.left + part.right) / 2, y = (part.top + part.bottom) / 2;
    const hit = doc.elementFromPoint(x, y);
    if (!hit || !(hit === el || el.contains(hit) || (el !== control && hit === control))) {
      problems.push(`${describeEl(el)} is covered at ${Math.round(x)},${Math.round(y)} by ${hit ? describeEl(hit) : 'nothing'}`);
    }
  }
  blurSkipLink();
  return problems;
}

/**
 * The page runs off the side only inside regions made to scroll sideways (wide tables). Wider
 * than the narrow layout and tall enough for the studio's frame, the page does not scroll at
 * all: its panels do.
 */
function clippedSideways(doc: Document): string[] {
  const root = doc.documentElement;
  const problems = root.scrollWidth > root.clientWidth + 1 ? [`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`] : [];
  if (root.clientWidth > 900 && root.clientHeight >= 600 && root.scrollHeight > root.clientHeight + 1) {
    problems.push(`the page is ${root.scrollHeight} px tall in a ${root.clientHeight} px window`);
  }
  return problems;
}

const rectOf = (el: Element): Box => el.getBoundingClientRect();

interface Check { doc: Document; size: AppSize; tag: string; problems: string[] }

/** One view of the studio: controls reachable, nothing clipped sideways, a screenshot to look at. */
async function checkView(c: Check, name: string, scope?: ParentNode): Promise<void> {
  const { doc } = c;
  await dismissToasts(doc);
  await animationFrames(doc, 2);
  for (const p of [...clippedSideways(doc), ...unreachable(doc, scope ?? doc)]) c.problems.push(`${c.tag} ${name}: ${p}`);
  // What folds away in a <details> (the doctor's review, the protocol) is reachable once opened too.
  const closed = [...(scope ?? doc).querySelectorAll<HTMLDetailsElement>('details:not([open])')].filter(shown);
  if (closed.length) {
    for (const d of closed) d.open = true;
    await animationFrames(doc, 2);
    for (const p of unreachable(doc, scope ?? doc)) c.problems.push(`${c.tag} ${name} (details open): ${p}`);
    for (const d of closed) d.open = false;
  }
  doc.defaultView!.scrollTo(0, 0);
  for (const s of doc.querySelectorAll<HTMLElement>('*')) if (s.scrollTop || s.scrollLeft) s.scrollTo(0, 0);
  await animationFrames(doc, 2);
  await screenshotPage(`zoom-${c.tag}-${name}`);
}

/** Notices come and go (and can be dismissed): they are not what is under test. */
async function dismissToasts(doc: Document): Promise<void> {
  for (const close of doc.querySelectorAll<HTMLElement>('.toast-close')) close.click();
  await waitFor('the notices gone', () => allByTestId(doc, 'toast').length === 0, 10_000).catch(() => undefined);
}

/** The 3D view's canvas and where the stage strip sits against the viewport's toolbar. */
function checkViewport(c: Check, name: string, minWidth: number, minHeight = 200): void {
  const canvas = c.doc.querySelector<HTMLCanvasElement>('canvas.viewport-canvas');
  if (!canvas) {
    c.problems.push(`${c.tag} ${name}: no 3D view`);
    return;
  }
  const r = canvas.getBoundingClientRect();
  if (r.width < minWidth) c.problems.push(`${c.tag} ${name}: the 3D view is ${Math.round(r.width)} px wide (want ${minWidth})`);
  if (r.height < minHeight) c.problems.push(`${c.tag} ${name}: the 3D view is ${Math.round(r.height)} px tall (want ${minHeight})`);
  const strip = byTestId(c.doc, 'stage-strip');
  const toolbar = c.doc.querySelector('.viewport-toolbar');
  if (strip && toolbar) {
    if (overlaps(rectOf(strip), rectOf(toolbar))) c.problems.push(`${c.tag} ${name}: the stage strip overlaps the viewport's toolbar`);
    if (overlaps(rectOf(strip), r)) c.problems.push(`${c.tag} ${name}: the stage strip overlaps the 3D view`);
    const s = rectOf(strip);
    for (const id of ['stage-play', 'stage-prev', 'stage-slider', 'stage-next', 'stage-label', 'colouring-select']) {
      const el = byTestId(c.doc, id);
      if (!el) {
        c.problems.push(`${c.tag} ${name}: no ${id} in the stage strip`);
        continue;
      }
      const e = rectOf(el);
      if (e.left < s.left - 0.5 || e.right > s.right + 0.5 || e.top < s.top - 0.5 || e.bottom > s.bottom + 0.5 || e.right > c.doc.documentElement.clientWidth + 0.5) {
        c.problems.push(`${c.tag} ${name}: the stage strip's ${id} lies outside it`);
      }
    }
  }
}

/** The header's secondary actions, behind their menu button where the window is narrow. */
async function checkHeader(c: Check): Promise<void> {
  const toggle = byTestId(c.doc, 'header-menu-toggle');
  if (toggle && shown(toggle)) {
    expect(toggle.getAttribute('aria-expanded'), 'the header menu starts closed').to.equal('false');
    click(toggle, 'the header menu button');
    await waitFor('the header menu open', () => toggle.getAttribute('aria-expanded') === 'true', 5000);
    await checkView(c, 'header-menu', c.doc.querySelector('.studio-header')!);
    // Escape closes it and gives the focus back to its button.
    byTestId(c.doc, 'backup-export')!.focus();
    c.doc.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitFor('the header menu closed', () => toggle.getAttribute('aria-expanded') === 'false', 5000);
    expect(c.doc.activeElement, 'Escape gives the focus back to the menu button').to.equal(toggle);
  }
  for (const id of ['backup-export', 'backup-restore-input', 'engine-select', 'settings-open', 'dashboard-toggle']) {
    expect(byTestId(c.doc, id), `${id} is in the header`).not.to.equal(null);
  }
}

async function openPlanTab(doc: Document, tab: string): Promise<void> {
  click(byTestId(doc, `plan-tab-${tab}`), `the ${tab} section`);
  await waitFor(`the ${tab} section shown`, () => byTestId(doc, `plan-tab-${tab}`)?.getAttribute('aria-selected') === 'true', 5000);
  await engineIdle(doc);
}

async function checkCase(c: Check, minCanvas: number): Promise<void> {
  const { doc } = c;
  await checkView(c, 'scans');
  checkViewport(c, 'scans', minCanvas);

  click(byTestId(doc, 'tab-plan'), 'the Plan tab');
  await waitFor('the plan to be ready', () => phase(doc) === 'ready', LONG);
  await engineIdle(doc);
  if (Number(slider(doc)?.max ?? 0) === 0) {
    await openPlanTab(doc, 'setup');
    click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
    await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
    await engineIdle(doc);
  }
  for (const tab of PLAN_TABS) {
    await openPlanTab(doc, tab);
    await checkView(c, `plan-${tab}`);
    checkViewport(c, `plan-${tab}`, minCanvas);
  }
  await openPlanTab(doc, 'setup');

  click(byTestId(doc, 'tab-record'), 'the Record tab');
  await waitFor('the audit trail', () => doc.querySelector('.audit-panel'), LONG);
  await checkView(c, 'record');
  click(byTestId(doc, 'tab-scans'), 'the Scans tab');
}

async function checkDashboardAndSettings(c: Check): Promise<void> {
  const { doc } = c;
  click(byTestId(doc, 'dashboard-toggle'), 'the Dashboard button');
  await waitFor('the dashboard', () => byTestId(doc, 'dashboard'), LONG);
  await checkView(c, 'dashboard');
  click(byTestId(doc, 'dashboard-toggle'), 'the Dashboard button');
  await waitFor('the dashboard closed', () => !byTestId(doc, 'dashboard'), LONG);

  click(byTestId(doc, 'settings-open'), 'the Settings button');
  const dialog = await waitFor('the Settings dialog', () => byTestId<HTMLDialogElement>(doc, 'settings-dialog')?.open && byTestId<HTMLDialogElement>(doc, 'settings-dialog'));
  await checkView(c, 'settings', dialog);
  dialog.close();
}

/** The library's list, folded away on a narrow window while a case is open, opens with its button. */
async function showLibrary(doc: Document): Promise<void> {
  const toggle = byTestId(doc, 'library-toggle');
  if (toggle && toggle.getAttribute('aria-expanded') === 'false') {
    click(toggle, 'the library button');
    await waitFor('the library shown', () => toggle.getAttribute('aria-expanded') === 'true', 5000);
  }
}

describe('Zoom and small windows: every control reachable, the 3D view usable', () => {
  it('at 640x360 (a 1280x720 window at 200% zoom)', async function () {
    this.timeout(600_000);
    const size = { width: 640, height: 360 };
    const c: Check = { size, tag: '640x360', problems: [], doc: null as unknown as Document };
    await deleteDatabase('aligner-studio');
    c.doc = await loadApp('studio', size);
    const doc = c.doc;
    await checkHeader(c);
    await checkView(c, 'library-empty');
    click(byTestId(doc, 'open-demo'), 'Open the demo case');
    await waitFor('both demo arches in the viewport', () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === 'upper,lower', LONG);
    expect(byTestId(doc, 'library-toggle')?.getAttribute('aria-expanded'), 'the library folds away once a case is open').to.equal('false');
    await checkCase(c, 300);
    await showLibrary(doc);
    await checkView(c, 'library-open-case');
    await checkDashboardAndSettings(c);
    expect(c.problems, c.problems.join('\n')).to.deep.equal([]);
  });

  it('at 1280x720', async function () {
    this.timeout(600_000);
    const size = { width: 1280, height: 720 };
    const c: Check = { size, tag: '1280x720', problems: [], doc: null as unknown as Document };
    c.doc = await loadApp('studio', size);
    const doc = c.doc;
    await checkHeader(c);
    await checkView(c, 'library');
    // The demo case the first test made (or a new one, when this test runs alone).
    const row = allByTestId(doc, 'case-row')[0];
    click(row ?? byTestId(doc, 'open-demo'), 'the demo case');
    await waitFor('both demo arches in the viewport', () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === 'upper,lower', LONG);
    await checkCase(c, 580);
    // Folding the library away gives the 3D view most of the window.
    const toggle = byTestId(doc, 'library-toggle');
    if (!toggle) c.problems.push('no button folds the library away');
    else {
      click(byTestId(doc, 'tab-plan'), 'the Plan tab');
      await waitFor('the plan to be ready', () => phase(doc) === 'ready', LONG);
      click(toggle, 'the library button');
      await waitFor('the library folded', () => toggle.getAttribute('aria-expanded') === 'false', 5000);
      await checkView(c, 'plan-library-folded');
      checkViewport(c, 'plan-library-folded', 700);
      click(toggle, 'the library button');
      await waitFor('the library shown', () => toggle.getAttribute('aria-expanded') === 'true', 5000);
    }
    // Between a laptop and the narrow layout the library folds away by itself while a case is
    // open, and the plan's column narrows: the 3D view keeps 60% of the case's width.
    click(byTestId(doc, 'tab-plan'), 'the Plan tab');
    await waitFor('the plan to be ready', () => phase(doc) === 'ready', LONG);
    for (const between of [{ width: 1100, height: 700 }, { width: 1024, height: 768 }, { width: 960, height: 640 }, { width: 901, height: 600 }]) {
      await setViewport(between);
      appFrame('studio', between);
      await animationFrames(doc, 3);
      const b: Check = { size: between, tag: `${between.width}x${between.height}`, problems: c.problems, doc };
      if (byTestId(doc, 'library-toggle')?.getAttribute('aria-expanded') !== 'false') c.problems.push(`${b.tag}: the library stays open beside the case`);
      await checkView(b, 'plan');
      checkViewport(b, 'plan', Math.round(0.6 * doc.querySelector('.case-area')!.getBoundingClientRect().width));
    }
    await setViewport(size);
    appFrame('studio', size);
    await checkDashboardAndSettings(c);
    // Resized live to 640x360 (zoomed in with the case open): the layout follows.
    const small = { width: 640, height: 360 };
    await setViewport(small);
    appFrame('studio', small);
    await animationFrames(doc, 3);
    const z: Check = { size: small, tag: '1280x720-zoomed', problems: c.problems, doc };
    await checkView(z, 'plan');
    checkViewport(z, 'plan', 300);
    expect(c.problems, c.problems.join('\n')).to.deep.equal([]);
  });
});
