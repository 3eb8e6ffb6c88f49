// Segmentation in the studio, as a planner meets it: the real upper scan imported into a
// new case, "Segment teeth", 14 numbered teeth, a deleted tooth undone and redone, and the
// teeth found again after a reload (the record saved in IndexedDB).
import { expect } from 'chai';
import {
  allByTestId, animationFrames, byTestId, click, deleteDatabase, drawnAfter, loadApp, screenshotElement, screenshotPage, selectTooth, uploadFiles, waitFor,
} from './harness.ts';

const REAL_STL = '../shared/data/scans/upper-arch-01/upper.stl';
const UPPER_TEETH = ['11', '12', '13', '14', '15', '16', '17', '21', '22', '23', '24', '25', '26', '27'];
const LONG = 240_000;

function labelNumbers(doc: Document): string[] {
  return allByTestId(doc, 'tooth-label').map((l) => l.dataset.fdi ?? '').sort();
}

function saveState(doc: Document): string {
  return byTestId(doc, 'seg-save-state')?.textContent ?? '';
}

describe('Segmentation in the studio', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('segments the imported real scan into 14 numbered teeth, with undo/redo, and keeps them over a reload', async function () {
    // Segmenting, correcting, reloading and then planning the real scan: past the runner's default 180 s on a loaded machine.
    this.timeout(480_000);
    let doc = await loadApp();
    click(byTestId(doc, 'new-case'), 'new case button');
    await waitFor('a scan input in the new case', () => byTestId(doc, 'scan-input'));
    await uploadFiles('scan-input', [REAL_STL]);
    await waitFor('the parsed arch', () => byTestId(doc, 'pending-arch'), LONG);
    click(byTestId(doc, 'import-confirm'), 'Add to case');
    await waitFor('the upper arch in the viewport', () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === 'upper', LONG);

    click(await waitFor('the Segment teeth button', () => byTestId(doc, 'segment-arch'), LONG), 'Segment teeth');
    await waitFor('a status line while it runs', () => byTestId(doc, 'segment-status'));
    await waitFor('14 tooth labels', () => allByTestId(doc, 'tooth-label').length === 14, LONG);
    expect(labelNumbers(doc)).to.deep.equal(UPPER_TEETH);
    expect(byTestId(doc, 'segment-status')!.textContent).to.match(/14 teeth found/);
    expect(byTestId(doc, 'segment-arch'), 'no Segment button once segmented').to.equal(null);
    await waitFor('the segmentation saved', () => saveState(doc) === 'Saved', LONG);
    await waitFor('the records panel to count the teeth', () => /14 teeth/.test(doc.querySelector('.arch-record[data-jaw="upper"]')?.textContent ?? ''), LONG);

    await drawnAfter(doc, () => {
      click(byTestId(doc, 'view-occlusal-upper') ?? byTestId(doc, 'view-front'), 'an occlusal view');
      click(byTestId(doc, 'show-axes'), 'show axes');
    });
    const shot = await screenshotElement('segmented-viewport', byTestId(doc, 'viewport')!);
    expect(shot.differingFraction, 'viewport is not blank').to.be.greaterThan(0.05);
    expect(shot.distinctColours, 'shaded teeth and gingiva').to.be.greaterThan(200);
    await screenshotPage('segmented-page');

    // Select tooth 13 through the store's tools (the label's tooth), delete it, undo, redo, undo.
    const label13 = allByTestId(doc, 'tooth-label').find((l) => l.dataset.fdi === '13')!;
    expect(label13).to.not.equal(undefined);
    await selectTooth(doc, 13);
    await waitFor('the width of tooth 13 in the info line', () => /\d+\.\d mm/.test(byTestId(doc, 'tooth-width')?.textContent ?? ''), LONG);
    await drawnAfter(doc, () => click(byTestId(doc, 'show-frame'), 'show the arch frame'));
    await screenshotPage('segmented-tooth-selected');
    click(byTestId(doc, 'seg-tool-delete'), 'Delete tooth');
    await waitFor('13 tooth labels', () => allByTestId(doc, 'tooth-label').length === 13, LONG);
    expect(labelNumbers(doc)).to.not.include('13');
    click(await waitFor('undo enabled', () => !byTestId<HTMLButtonElement>(doc, 'seg-undo')!.disabled && byTestId(doc, 'seg-undo'), LONG), 'Undo');
    await waitFor('14 tooth labels again', () => allByTestId(doc, 'tooth-label').length === 14, LONG);
    click(await waitFor('redo enabled', () => !byTestId<HTMLButtonElement>(doc, 'seg-redo')!.disabled && byTestId(doc, 'seg-redo'), LONG), 'Redo');
    await waitFor('13 tooth labels after redo', () => allByTestId(doc, 'tooth-label').length === 13, LONG);
    // Ctrl+Z from the keyboard undoes too.
    doc.defaultView!.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true }));
    await waitFor('14 tooth labels after Ctrl+Z', () => allByTestId(doc, 'tooth-label').length === 14, LONG);
    expect(labelNumbers(doc)).to.deep.equal(UPPER_TEETH);
    await waitFor('the state saved', () => saveState(doc) === 'Saved', LONG);

    doc = await loadApp();
    click(await waitFor('the case row', () => allByTestId(doc, 'case-row')[0]), 'the case row');
    await waitFor('14 tooth labels after the reload', () => allByTestId(doc, 'tooth-label').length === 14, LONG);
    expect(labelNumbers(doc)).to.deep.equal(UPPER_TEETH);
    await waitFor('the tool panel for corrections', () => byTestId(doc, 'seg-panel'), LONG);
    await screenshotElement('segmented-after-reload', byTestId(doc, 'viewport')!);
    expect(byTestId<HTMLButtonElement>(doc, 'seg-undo')!.disabled, 'a reopened segmentation starts a new history').to.equal(true);

    // A brush stroke onto the gingiva across tooth 13: painted, re-cut once, one undo step.
    // The labels move with the next frame.
    await drawnAfter(doc, () => click(byTestId(doc, 'view-occlusal-upper'), 'the occlusal view'));
    await selectTooth(doc, 13);
    click(byTestId(doc, 'seg-tool-brush'), 'the brush');
    click(await waitFor('the gingiva choice', () => byTestId(doc, 'seg-brush-gingiva')), 'paint onto the gingiva');
    await stroke(doc, 13);
    await waitFor('the stroke as an undoable step', () => !byTestId<HTMLButtonElement>(doc, 'seg-undo')!.disabled, LONG);
    expect(byTestId(doc, 'seg-panel')!.textContent).to.not.match(/Select the tooth/);
    await screenshotPage('segmented-after-brush');

    // The segmented real scan goes straight into planning: auto-setup stages it within the limits.
    await waitFor('the stroke saved', () => saveState(doc) === 'Saved', LONG);
    click(byTestId(doc, 'tab-plan'), 'the Plan tab');
    await waitFor('the plan ready on the real scan', () => byTestId(doc, 'plan-phase')?.dataset.phase === 'ready', LONG);
    click(byTestId(doc, 'plan-tab-setup'), 'Setup section');
    click(byTestId(doc, 'auto-setup'), 'Auto-setup');
    await waitFor('a staged plan', () => Number(byTestId<HTMLInputElement>(doc, 'stage-slider')?.max ?? 0) > 0, LONG);
    expect(allByTestId(doc, 'movement-row').map((r) => r.dataset.fdi).sort()).to.deep.equal(UPPER_TEETH);
    click(byTestId(doc, 'plan-tab-staging'), 'Staging section');
    expect(Number(byTestId(doc, 'aligners-upper')?.dataset.count)).to.be.greaterThan(0);
    expect(allByTestId(doc, 'staging-warning'), 'no limit exceeded').to.have.length(0);
    await waitFor('the engine to finish its run', () => byTestId(doc, 'plan-panel')?.dataset.computing === 'false', LONG);
    await drawnAfter(doc, () => click(byTestId(doc, 'view-occlusal-upper'), 'the occlusal view'));
    await screenshotPage('real-scan-planned');
  });
});

/** A short left-button drag with the brush over the crown of a tooth, towards the arch's centre. */
async function stroke(doc: Document, fdi: number): Promise<void> {
  const canvas = doc.querySelector<HTMLCanvasElement>('canvas.viewport-canvas')!;
  const label = allByTestId(doc, 'tooth-label').find((l) => l.dataset.fdi === String(fdi))!;
  const c = canvas.getBoundingClientRect();
  const r = label.getBoundingClientRect();
  const from = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  const centre = { x: c.left + c.width / 2, y: c.top + c.height / 2 };
  const win = doc.defaultView!;
  const at = (t: number) => ({ clientX: from.x + (centre.x - from.x) * t, clientY: from.y + (centre.y - from.y) * t, button: 0, buttons: 1, bubbles: true, pointerId: 1, isPrimary: true });
  canvas.dispatchEvent(new win.PointerEvent('pointerdown', at(0.1)));
  for (const t of [0.14, 0.18, 0.22, 0.26]) {
    canvas.dispatchEvent(new win.PointerEvent('pointermove', at(t)));
    await animationFrames(doc, 2);
  }
  canvas.dispatchEvent(new win.PointerEvent('pointerup', at(0.26)));
}
