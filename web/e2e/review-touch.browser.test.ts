// The doctor's review on a tablet (1024x768) and a phone (390x844), with real touch input: the
// page gets touch emulation and fingers through the DevTools protocol (web/tooling/touch-commands.mjs),
// so the studio sees touchstart/touchmove and pointer events of type "touch". On the tablet: one
// finger orbits, two pinch to zoom, a tap picks a tooth for a comment, a finger drags the stage
// slider, a tap adds the comment, and the main controls are at least 44x44 CSS px. On the phone: one
// column, no horizontal page scroll, the movement table and IPR chart below the view, and
// Approve always reachable, opening a dialog that fits the screen.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { allByTestId, animationFrames, byTestId, choose, click, deleteDatabase, loadApp, screenshotPage, waitFor, type AppSize } from './harness.ts';
import { LONG, slider } from './plan-page.ts';
import { profileAs, stagedDemo } from './review-page.ts';

const TABLET: AppSize = { width: 1024, height: 768 };
const PHONE: AppSize = { width: 390, height: 844 };
/** The smallest touch target (WCAG 2.5.5, Apple's and Google's guidelines): CSS px. */
const TARGET = 44;

interface Point { x: number; y: number }

const computed = (doc: Document) => {
  const view = byTestId(doc, 'review-view');
  return view?.dataset.planPhase === 'ready' && view.dataset.computing === 'false' ? view : null;
};
const camera = (doc: Document) => byTestId(doc, 'viewport')?.dataset.camera ?? '';
const distance = (doc: Document) => Number(byTestId(doc, 'viewport')?.dataset.cameraDistance ?? NaN);
const canvasRect = (doc: Document) => doc.querySelector<HTMLCanvasElement>('canvas.viewport-canvas')!.getBoundingClientRect();

async function touchOn(): Promise<void> {
  await executeServerCommand('touch-enable', { enabled: true });
}
async function drag(fingers: { from: Point; to: Point }[], steps = 12): Promise<void> {
  await executeServerCommand('touch-gesture', { fingers, steps });
}
async function tap(at: Point): Promise<void> {
  await executeServerCommand('touch-tap', at);
}
const centreOf = (el: Element): Point => {
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
};

/** A change by a finger, then the viewport's next frame. */
async function drawnAfterTouch(doc: Document, gesture: () => Promise<void>): Promise<void> {
  const before = Number(byTestId(doc, 'viewport')?.dataset.frames ?? 0);
  await gesture();
  await waitFor('a frame drawn after the gesture', () => Number(byTestId(doc, 'viewport')?.dataset.frames ?? 0) > before, LONG);
  await animationFrames(doc, 2);
}

/** Taps the view on tooth `fdi`'s crown (from its label towards the view's centre) until it is selected. */
async function tapTooth(doc: Document, fdi: number): Promise<void> {
  for (const t of [0.15, 0.25, 0.35, 0.45, 0.55]) {
    const label = allByTestId(doc, 'tooth-label').find((l) => l.dataset.fdi === String(fdi))!;
    const c = canvasRect(doc);
    const centre = { x: c.left + c.width / 2, y: c.top + c.height / 2 };
    const at = centreOf(label);
    await tap({ x: at.x + (centre.x - at.x) * t, y: at.y + (centre.y - at.y) * t });
    const selected = await waitFor(`tooth ${fdi} selected by a tap`, () => byTestId(doc, 'selected-tooth')?.dataset.fdi === String(fdi), 3000)
      .catch(() => false);
    if (selected) return;
  }
  throw new Error(`a tap on the view did not select tooth ${fdi}`);
}

/** Every control named is at least TARGET x TARGET CSS px. */
function expectTargets(doc: Document, ids: string[]): void {
  for (const id of ids) {
    const el = byTestId(doc, id);
    expect(el, id).to.not.equal(null);
    const r = el!.getBoundingClientRect();
    expect(Math.round(r.width), `${id} width`).to.be.at.least(TARGET);
    expect(Math.round(r.height), `${id} height`).to.be.at.least(TARGET);
  }
}

/** The page (the studio's document) scrolls by no more than its width. */
function expectNoSideScroll(doc: Document, size: AppSize): void {
  expect(doc.documentElement.scrollWidth, 'no horizontal page scroll').to.be.at.most(size.width);
  expect(doc.body.scrollWidth, 'no horizontal body scroll').to.be.at.most(size.width);
}

/** Scrolls `el` into the studio's view; 'shown' when its top is then on screen and it is within the screen's width. */
async function scrolledTo(doc: Document, el: Element, size: AppSize): Promise<string> {
  el.scrollIntoView({ block: 'start' });
  await animationFrames(doc, 2);
  const r = el.getBoundingClientRect();
  return r.top >= -1 && r.top < size.height && r.left >= 0 && r.right <= size.width + 0.5
    ? 'shown' : `at left ${r.left}, top ${r.top}, right ${r.right}, bottom ${r.bottom}`;
}

describe('review on a tablet and a phone, by touch', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('tablet 1024x768: orbit, pinch, tap a tooth, drag the stage, comment, all by finger', async function () {
    this.timeout(600_000);
    const doc = await loadApp('studio', TABLET);
    await profileAs(doc, 'Sam Patel', 'planner');
    await stagedDemo(doc);
    await profileAs(doc, 'Dr Ana Ruiz', 'doctor');
    await waitFor('the plan computed in review', () => computed(doc), 240_000);
    await touchOn();
    await animationFrames(doc, 4);
    expect(doc.defaultView!.navigator.maxTouchPoints, 'touch emulated').to.be.at.least(2);
    await screenshotPage('review-touch-tablet');
    expectNoSideScroll(doc, TABLET);
    expectTargets(doc, ['stage-play', 'stage-prev', 'stage-next', 'review-approve', 'review-request-changes', 'review-comment-add']);
    expect(slider(doc)!.getBoundingClientRect().height, 'the stage slider is a finger high').to.be.at.least(TARGET);
    const view = canvasRect(doc);
    expect(view.width, 'the 3D view keeps room beside the panel').to.be.at.least(440);
    expect(view.height).to.be.at.least(360);

    // A tap on tooth 11 picks it for a comment.
    await tapTooth(doc, 11);
    expect(byTestId<HTMLTextAreaElement>(doc, 'review-comment-text')!.placeholder).to.contain('11');

    // One finger orbits: the camera moves, at the same distance from what it looks at.
    const c = canvasRect(doc);
    const mid = { x: c.left + c.width / 2, y: c.top + c.height / 2 };
    const [cam0, d0] = [camera(doc), distance(doc)];
    await drawnAfterTouch(doc, () => drag([{ from: { x: mid.x - 80, y: mid.y }, to: { x: mid.x + 80, y: mid.y + 30 } }]));
    await waitFor('the camera orbited', () => camera(doc) !== cam0, 10_000);
    expect(Math.abs(distance(doc) - d0), 'orbiting keeps the distance').to.be.below(0.05 * d0);
    expect(byTestId(doc, 'selected-tooth')?.dataset.fdi, 'a drag is no tap: 11 stays selected').to.equal('11');

    // Two fingers spread: the camera comes closer.
    const d1 = distance(doc);
    await drawnAfterTouch(doc, () => drag([
      { from: { x: mid.x - 40, y: mid.y }, to: { x: mid.x - 150, y: mid.y } },
      { from: { x: mid.x + 40, y: mid.y }, to: { x: mid.x + 150, y: mid.y } },
    ]));
    await waitFor('the camera zoomed in', () => distance(doc) < d1 * 0.8, 10_000);
    expect(byTestId(doc, 'selected-tooth')?.dataset.fdi, 'a pinch is no tap').to.equal('11');
    // And pinched together again: further.
    const d2 = distance(doc);
    await drawnAfterTouch(doc, () => drag([
      { from: { x: mid.x - 150, y: mid.y }, to: { x: mid.x - 50, y: mid.y } },
      { from: { x: mid.x + 150, y: mid.y }, to: { x: mid.x + 50, y: mid.y } },
    ]));
    await waitFor('the camera zoomed out', () => distance(doc) > d2 * 1.2, 10_000);
    await screenshotPage('review-touch-tablet-orbited');

    // A finger drags the stage slider's thumb from one end to the other.
    const range = slider(doc)!;
    const last = Number(range.max);
    choose(range, '0', 'the stage slider', ['input', 'change']);
    await waitFor('stage 0 shown', () => byTestId(doc, 'stage-label')?.dataset.stage === '0', LONG);
    await animationFrames(doc, 2);
    const r = range.getBoundingClientRect();
    const y = r.top + r.height / 2;
    await drag([{ from: { x: r.left + 10, y }, to: { x: r.right - 4, y } }], 16);
    await waitFor('the stage moved by the finger', () => Number(byTestId(doc, 'stage-label')?.dataset.stage) === last, LONG);

    // The comment, pinned to 11 at this stage, added with a tap.
    choose(byTestId<HTMLInputElement>(doc, 'review-comment-text'), 'Less rotation on 11, please.', 'the comment box', ['input']);
    await tap(centreOf(byTestId(doc, 'review-comment-stage')!));
    await waitFor('at this stage ticked', () => byTestId<HTMLInputElement>(doc, 'review-comment-stage')?.checked);
    await tap(centreOf(byTestId(doc, 'review-comment-add')!));
    const item = await waitFor('the comment listed on 11', () => allByTestId(doc, 'review-comment').find((i) => i.dataset.fdi === '11'), LONG);
    expect(item.dataset.stage).to.equal(String(last));
    await waitFor('tooth 11 marked', () => allByTestId(doc, 'tooth-label').find((l) => l.dataset.fdi === '11')?.dataset.comments === '1', LONG);
    await animationFrames(doc, 2);
    expectNoSideScroll(doc, TABLET);
    await screenshotPage('review-touch-tablet-commented');
  });

  it('phone 390x844: one column, the view, playback, movements, IPR, comments, and Approve in reach', async function () {
    this.timeout(480_000);
    const doc = await loadApp('studio', PHONE);
    if (!byTestId(doc, 'review-view')) click(await waitFor('the demo case listed', () => byTestId(doc, 'case-row'), LONG), 'the demo case');
    await waitFor('the plan computed in review', () => computed(doc), 240_000);
    await touchOn();
    await animationFrames(doc, 4);
    const win = doc.defaultView!;
    expect(parseFloat(win.getComputedStyle(doc.body).fontSize), 'base text').to.be.at.least(14);
    await screenshotPage('review-touch-phone');
    expectNoSideScroll(doc, PHONE);

    // The 3D view first, a good part of the screen but not all of it (the page scrolls below it).
    const view = canvasRect(doc);
    expect(view.width, 'the view is the screen\'s width').to.be.at.least(PHONE.width - 2);
    expect(view.height).to.be.within(260, PHONE.height * 0.62);
    expect(view.top).to.be.below(PHONE.height / 3);
    expectTargets(doc, ['stage-play', 'stage-prev', 'stage-next', 'review-approve', 'review-request-changes']);
    const onScreen = (id: string) => {
      const r = byTestId(doc, id)!.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= PHONE.height && r.left >= 0 && r.right <= PHONE.width;
    };
    // Playback on the first screen, clear of the Approve bar at its foot.
    const bar = byTestId(doc, 'review-approve')!.getBoundingClientRect();
    for (const id of ['stage-play', 'stage-prev', 'stage-next', 'stage-slider']) {
      expect(onScreen(id), `${id} on the first screen`).to.equal(true);
      expect(byTestId(doc, id)!.getBoundingClientRect().bottom, `${id} above the Approve bar`).to.be.at.most(bar.top);
    }
    const strip = byTestId(doc, 'stage-strip')!.getBoundingClientRect();
    expect(strip.top, 'playback under the view').to.be.at.least(view.bottom - 1);
    expect(strip.right).to.be.at.most(PHONE.width);

    // A finger on the view orbits it; the page does not scroll under it.
    const scrolled = doc.scrollingElement!.scrollTop;
    const cam0 = camera(doc);
    const mid = { x: view.left + view.width / 2, y: view.top + view.height / 2 };
    await drawnAfterTouch(doc, () => drag([{ from: { x: mid.x, y: mid.y + 60 }, to: { x: mid.x + 30, y: mid.y - 60 } }]));
    await waitFor('the camera orbited', () => camera(doc) !== cam0, 10_000);
    expect(doc.scrollingElement!.scrollTop, 'the page stayed').to.equal(scrolled);

    // Below: the movement table (its own sideways scroll, not the page's), the IPR chart, comments.
    const table = byTestId(doc, 'movement-table')!;
    const scroller = table.closest('.table-scroll')!;
    expect(await scrolledTo(doc, scroller, PHONE), 'the movement table on screen after scrolling').to.equal('shown');
    expect(table.getBoundingClientRect().height, 'its rows shown').to.be.above(200);
    expectNoSideScroll(doc, PHONE);
    expect(onScreen('review-approve') && onScreen('review-request-changes'), 'Approve and Request changes in reach while reading the movements').to.equal(true);
    await screenshotPage('review-touch-phone-movements');
    const ipr = byTestId(doc, 'ipr-chart')!;
    expect(await scrolledTo(doc, ipr, PHONE), 'the IPR chart on screen after scrolling').to.equal('shown');
    expectNoSideScroll(doc, PHONE);
    await screenshotPage('review-touch-phone-ipr');
    const comments = allByTestId(doc, 'review-comment');
    expect(comments.map((i) => i.dataset.fdi), 'the tablet\'s comment').to.deep.equal(['11']);
    expect(await scrolledTo(doc, byTestId(doc, 'review-comment-text')!, PHONE), 'the comment box').to.equal('shown');
    expectTargets(doc, ['review-comment-add']);

    // Approve stays in reach wherever the page is scrolled, and its dialog fits the screen.
    const approve = byTestId(doc, 'review-approve')!;
    expect(onScreen('review-approve'), 'Approve on screen while reading the comments').to.equal(true);
    await screenshotPage('review-touch-phone-comments');
    await tap(centreOf(approve));
    const dialog = await waitFor('the approve dialog', () => byTestId<HTMLDialogElement>(doc, 'approve-dialog')?.open && byTestId(doc, 'approve-dialog'));
    await animationFrames(doc, 2);
    const d = dialog.getBoundingClientRect();
    expect(d.left, 'the dialog inside the screen').to.be.at.least(0);
    expect(d.right).to.be.at.most(PHONE.width);
    expect(d.top).to.be.at.least(0);
    expect(d.bottom).to.be.at.most(PHONE.height);
    expectTargets(doc, ['approve-cancel', 'approve-confirm']);
    await screenshotPage('review-touch-phone-approve');
    await tap(centreOf(byTestId(doc, 'approve-cancel')!));
    await waitFor('the dialog closed', () => !byTestId(doc, 'approve-dialog'));
  });
});
