// Attachments as a planner meets them (issue 14, items 2 and 3): auto-setup on the demo case
// places the protocol's attachments (rotation of canines and premolars, extrusion of a
// canine); the chart lists them with shape, size, stages and why, and it and the findings say
// they clear the neighbours and antagonists; the planner changes a shape, deletes one, adds
// one to a selected tooth and undoes it; a size out of range is refused in words.
import { expect } from 'chai';
import { allByTestId, byTestId, choose, click, deleteDatabase, loadApp, screenshotElement, waitFor } from './harness.ts';
import { engineIdle, LONG, phase, slider } from './plan-page.ts';

const rows = (doc: Document) => allByTestId(doc, 'attachment-row').map((r) => r.dataset.fdi);
/** A row's cells, " | " between them. */
const rowText = (doc: Document, fdi: string) => [...(allByTestId(doc, 'attachment-row').find((r) => r.dataset.fdi === fdi)?.children ?? [])]
  .map((c) => c.textContent?.trim()).join(' | ');

describe('Attachments in the studio', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('places the protocol\'s attachments after auto-setup, lists them, and lets the planner change, delete, add and undo', async function () {
    this.timeout(300_000);
    const doc = await loadApp();
    click(byTestId(doc, 'open-demo'), 'Open the demo case');
    click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
    await waitFor('the plan to be ready', () => phase(doc) === 'ready' || byTestId(doc, 'plan-panel')?.dataset.phase === 'ready', LONG);
    click(await waitFor('the Attachments section', () => byTestId(doc, 'plan-tab-attachments'), LONG), 'Attachments section');
    await waitFor('no attachments before a setup', () => byTestId(doc, 'attachments-none'), LONG);

    click(byTestId(doc, 'plan-tab-setup'), 'Setup section');
    click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
    await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
    const last = Number(slider(doc)!.max);

    click(byTestId(doc, 'plan-tab-attachments'), 'Attachments section');
    await waitFor('the chart', () => byTestId(doc, 'attachment-chart'), LONG);
    expect(rows(doc)).to.deep.equal(['13', '14', '34', '43', '44']);
    expect(rowText(doc, '13')).to.equal(`13 | Extrusion | 3 × 2 × 1 | 0–${last} | Extrusion | ✕`);
    expect(rowText(doc, '14')).to.equal(`14 | Rotation | 2 × 3 × 1 | 0–${last} | Rotation | ✕`);
    expect(byTestId(doc, 'attachment-stages-13')!.textContent, 'from the template to the end').to.equal(`0–${last}`);
    // Checked against the neighbours and antagonists at every stage they are on: all clear.
    const clearance = await waitFor('the clearance check', () => byTestId<HTMLElement>(doc, 'attachment-clearance'), LONG);
    expect(clearance.dataset.clashes).to.equal('0');
    expect(clearance.textContent).to.equal('No attachment runs into a neighbour or an antagonist at any stage it is on.');
    await screenshotElement('attachments-chart', byTestId(doc, 'attachments-panel')!);
    // The findings say the same, in a card of their own, for the planner and the reviewing doctor.
    click(byTestId(doc, 'plan-tab-findings'), 'Findings section');
    const allClear = await waitFor('the attachments card all clear', () => byTestId(doc, 'attachment-clash-none'), LONG);
    expect(allClear.textContent).to.equal('No attachment runs into a neighbour or an antagonist at any stage it is on.');
    expect(allByTestId(doc, 'attachment-clash-item')).to.have.length(0);
    const card = byTestId(doc, 'attachment-clearance-card')!;
    card.scrollIntoView({ block: 'center' });
    await screenshotElement('attachments-findings', card);
    click(byTestId(doc, 'plan-tab-attachments'), 'Attachments section');
    await waitFor('the chart again', () => byTestId(doc, 'attachment-chart'), LONG);
    // Drawn on their teeth in the viewport, at the final stage the setup left on screen.
    await waitFor('five attachments drawn', () => byTestId(doc, 'viewport')?.dataset.attachments === '5', LONG);
    await engineIdle(doc);
    click(byTestId(doc, 'view-right'), 'the right view');
    await engineIdle(doc);
    await screenshotElement('attachments-viewport', byTestId(doc, 'viewport')!);

    // A row clicked selects its tooth and opens its editor.
    click(allByTestId(doc, 'attachment-row').find((r) => r.dataset.fdi === '14')!, 'the row of 14');
    await waitFor('the editor of 14', () => byTestId(doc, 'attachment-editor')?.dataset.fdi === '14', LONG);
    choose(byTestId<HTMLSelectElement>(doc, 'attachment-shape-14'), 'bevelled-gingival', 'shape of 14');
    await waitFor('14 bevelled', () => byTestId<HTMLSelectElement>(doc, 'attachment-shape-14')?.value === 'bevelled-gingival', LONG);
    click(byTestId(doc, 'attachment-delete-44'), 'delete the attachment on 44');
    await waitFor('44 gone', () => !rows(doc).includes('44'), LONG);
    await waitFor('four attachments drawn', () => byTestId(doc, 'viewport')?.dataset.attachments === '4', LONG);

    // A depth past 1.5 mm is refused, naming the tooth; the value stays.
    click(allByTestId(doc, 'attachment-row').find((r) => r.dataset.fdi === '13')!, 'the row of 13');
    await waitFor('the editor of 13', () => byTestId(doc, 'attachment-editor')?.dataset.fdi === '13', LONG);
    const depth = byTestId<HTMLInputElement>(doc, 'attachment-depthMm-13')!;
    const depthBefore = depth.value;
    expect(Number(depthBefore)).to.equal(1);
    choose(depth, '3', 'depth of 13');
    const error = await waitFor('the refusal', () => byTestId(doc, 'attachment-error'), LONG);
    expect(error.textContent).to.match(/the attachment on 13: depth must be 0\.5-1\.5 mm \(got 3\)/);
    await waitFor('the depth kept', () => byTestId<HTMLInputElement>(doc, 'attachment-depthMm-13')!.value === depthBefore, LONG);
    // Taken off after aligner 3: the chart says so, and past stage 3 it is no longer drawn.
    choose(byTestId<HTMLInputElement>(doc, 'attachment-removed-13'), '3', 'removed after stage 3');
    await waitFor('13 on from 0 to 3', () => byTestId(doc, 'attachment-stages-13')?.textContent === '0–3', LONG);
    await waitFor('three drawn at the last stage', () => byTestId(doc, 'viewport')?.dataset.attachments === '3', LONG);

    // Moved 3 mm mesially and widened to 4 mm, the attachment on 14 runs into 13: the findings
    // say so, a click away from 14; undone, it is clear again.
    click(allByTestId(doc, 'attachment-row').find((r) => r.dataset.fdi === '14')!, 'the row of 14');
    await waitFor('the editor of 14', () => byTestId(doc, 'attachment-editor')?.dataset.fdi === '14', LONG);
    choose(byTestId<HTMLInputElement>(doc, 'attachment-widthMm-14')!, '4', 'width of 14');
    await waitFor('14 4 mm wide', () => byTestId<HTMLInputElement>(doc, 'attachment-widthMm-14')?.value === '4', LONG);
    choose(byTestId<HTMLInputElement>(doc, 'attachment-offset-mesial-14')!, '3', '14 moved 3 mm mesially');
    await waitFor('14 moved', () => byTestId<HTMLInputElement>(doc, 'attachment-offset-mesial-14')?.value === '3', LONG);
    click(byTestId(doc, 'plan-tab-findings'), 'Findings section');
    const clash = await waitFor('the clash of 14 with 13', () => allByTestId(doc, 'attachment-clash-item').find((c) => c.dataset.fdi === '14' && c.dataset.other === '13'), LONG);
    expect(clash.textContent).to.match(/^The attachment on 14 runs into 13 \(its neighbour\) /);
    expect(Number(clash.dataset.depth)).to.be.greaterThan(0);
    clash.scrollIntoView({ block: 'center' });
    await screenshotElement('attachments-clash', byTestId(doc, 'attachment-clearance-card')!);
    click(clash, 'the clash');
    await waitFor('14 selected', () => byTestId(doc, 'selected-tooth')?.dataset.fdi === '14', LONG);
    click(byTestId(doc, 'plan-undo'), 'undo the move');
    click(byTestId(doc, 'plan-undo'), 'undo the width');
    click(byTestId(doc, 'plan-tab-findings'), 'Findings section');
    await waitFor('all clear again', () => byTestId(doc, 'attachment-clash-none') && allByTestId(doc, 'attachment-clash-item').length === 0, LONG);
    click(byTestId(doc, 'plan-tab-attachments'), 'Attachments section');

    // Tooth 11 selected (a click on its row in the setup list), an attachment added to it, and undone.
    click(byTestId(doc, 'plan-tab-setup'), 'Setup section');
    click(await waitFor('tooth 11 in the setup list', () => allByTestId(doc, 'setup-tooth').find((t) => t.dataset.fdi === '11'), LONG), 'tooth 11');
    click(byTestId(doc, 'plan-tab-attachments'), 'Attachments section');
    choose(await waitFor('the shape to add', () => byTestId<HTMLSelectElement>(doc, 'attachment-add-shape'), LONG), 'ellipsoid', 'shape to add');
    const add = byTestId<HTMLButtonElement>(doc, 'attachment-add')!;
    expect(add.textContent).to.contain('11');
    click(add, 'add to 11');
    await waitFor('11 added', () => rows(doc).includes('11'), LONG);
    expect(rowText(doc, '11')).to.contain('Planner');
    expect(rowText(doc, '11')).to.contain('Ellipsoid');
    click(byTestId(doc, 'plan-undo'), 'undo');
    await waitFor('11 taken off again', () => !rows(doc).includes('11'), LONG);

    // The protocol places again what it asks for; the planner's change on 14 is kept.
    click(byTestId(doc, 'attachment-place-protocol'), 'Place by protocol');
    await waitFor('44 back', () => rows(doc).includes('44'), LONG);
    expect(rowText(doc, '14'), 'the planner\'s change kept').to.contain('Bevelled, gingival bevel');
    click(allByTestId(doc, 'attachment-row').find((r) => r.dataset.fdi === '14')!, 'the row of 14');
    await waitFor('the editor of 14', () => byTestId(doc, 'attachment-editor')?.dataset.fdi === '14', LONG);
    await screenshotElement('attachments-edited', byTestId(doc, 'attachments-panel')!);
    // Saved, and the same chart after a reload.
    await waitFor('the working plan saved', () => byTestId(doc, 'plan-save-status')?.dataset.status === 'saved', LONG);
    const saved = allByTestId(doc, 'attachment-row').map((r) => r.textContent);
    const again = await loadApp();
    click(await waitFor('the demo case in the library', () => again.querySelector('.case-row'), LONG), 'the demo case');
    click(await waitFor('the Plan tab', () => byTestId(again, 'tab-plan'), LONG), 'Plan tab');
    await waitFor('the plan to be ready', () => phase(again) === 'ready', LONG);
    click(byTestId(again, 'plan-tab-attachments'), 'Attachments section');
    await waitFor('the chart', () => byTestId(again, 'attachment-chart'), LONG);
    expect(allByTestId(again, 'attachment-row').map((r) => r.textContent)).to.deep.equal(saved);
    await engineIdle(again);
  });
});
