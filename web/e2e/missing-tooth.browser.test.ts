// Issue 12 as a planner meets it: a raw lower scan with 45 missing and its space open
// (generated, seed 3) is segmented and planned; auto-setup keeps the space (for an implant or
// a bridge) and says so in its budget; the planner chooses to close it instead, runs auto-setup
// again, and the space closes with the molars of that side coming forward.
import { expect } from 'chai';
import { rawScan } from '../geometry/demo/raw-scan.ts';
import { allByTestId, byTestId, click, deleteDatabase, loadApp, screenshotPage, waitFor } from './harness.ts';
import { dropGeneratedScan } from './generated-scan.ts';

const LONG = 240_000;

/** The budget table's lower column, row by row (mm). */
function lowerBudget(doc: Document): number[] {
  return [...byTestId(doc, 'space-budget')!.querySelectorAll<HTMLElement>('td[data-jaw="lower"]')].map((c) => Number((c.textContent ?? '').replace('−', '-')));
}
const KEPT = 6, MOLARS = 4;

describe('A missing tooth in the studio', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('keeps the space of 45 by default, and closes it when the planner chooses', async function () {
    this.timeout(480_000);
    const scan = rawScan({ jaw: 'lower', seed: 3, missing: [45], triangles: 50_000 });
    const doc = await loadApp();
    await dropGeneratedScan(doc, scan.mesh, 'lower-45-missing.stl', 'lower');

    click(await waitFor('the Segment teeth button', () => byTestId(doc, 'segment-arch'), LONG), 'Segment teeth');
    await waitFor(`${scan.teeth.length} tooth labels`, () => allByTestId(doc, 'tooth-label').length === scan.teeth.length, LONG);
    await waitFor('the segmentation saved', () => byTestId(doc, 'seg-save-state')?.textContent === 'Saved', LONG);

    click(byTestId(doc, 'tab-plan'), 'the Plan tab');
    click(await waitFor('the Setup section', () => byTestId(doc, 'plan-tab-setup'), LONG), 'Setup section');
    click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
    const choice = await waitFor('the choice for the space of 45', () => allByTestId<HTMLSelectElement>(doc, 'gap-choice').find((s) => s.dataset.missing === '45'), LONG);
    expect(choice.value, 'kept by default').to.equal('keep');
    const kept = lowerBudget(doc);
    expect(kept[KEPT], 'the space kept for 45 (mm)').to.be.greaterThan(4);
    expect(kept[MOLARS], 'the molars stay').to.equal(0);
    await screenshotPage('missing-tooth-kept');

    choice.value = 'close';
    choice.dispatchEvent(new Event('change', { bubbles: true }));
    click(byTestId(doc, 'auto-setup'), 'Auto-setup again');
    await waitFor('the space closed', () => lowerBudget(doc)[KEPT] === 0, LONG);
    const closed = lowerBudget(doc);
    expect(closed[MOLARS], 'the molars come forward (mm of arch length)').to.be.below(-2);
    expect(byTestId(doc, 'auto-setup-result')!.textContent).to.match(/the space of missing 45 \([\d.]+ mm\) closed, the molars on that side coming forward/);
    await screenshotPage('missing-tooth-closed');
  });
});
