// One patient at a time, as a planner meets it (issue 9, item 1): the demo case is planned
// with auto-setup, then, in the same tab and with the same workers, a new case with only the
// real upper scan is segmented and planned. Nothing of the demo's lower arch may show up in
// the second patient's auto-setup report, movement table, IPR or saved plan.
import { expect } from 'chai';
import { allByTestId, byTestId, click, deleteDatabase, loadApp, storedRecords, uploadFiles, waitFor } from './harness.ts';

const REAL_STL = '../shared/data/scans/upper-arch-01/upper.stl';
const UPPER_TEETH = ['11', '12', '13', '14', '15', '16', '17', '21', '22', '23', '24', '25', '26', '27'];
const LONG = 240_000;

/** Runs auto-setup on the open case's Plan tab and waits for the staged plan. */
async function autoSetup(doc: Document): Promise<void> {
  click(byTestId(doc, 'tab-plan'), 'the Plan tab');
  await waitFor('the plan ready', () => byTestId(doc, 'plan-phase')?.dataset.phase === 'ready', LONG);
  click(byTestId(doc, 'plan-tab-setup'), 'Setup section');
  click(byTestId(doc, 'auto-setup'), 'Auto-setup');
  await waitFor('the auto-setup report', () => byTestId(doc, 'auto-setup-result'), LONG);
  await waitFor('a staged plan', () => Number(byTestId<HTMLInputElement>(doc, 'stage-slider')?.max ?? 0) > 0, LONG);
  await waitFor('the engine to finish its run', () => byTestId(doc, 'plan-panel')?.dataset.computing === 'false', LONG);
}

function spaceAnalysis(doc: Document, jaw: 'upper' | 'lower'): HTMLElement | null {
  return allByTestId(doc, 'space-analysis').find((e) => e.dataset.jaw === jaw) ?? null;
}

type StoredPlan = { caseId: string; kind: string; plan: { targets: { fdi: number }[]; ipr: { a: number; b: number }[] } };

async function caseIdNamed(pseudonymPattern: RegExp): Promise<string> {
  const all = await storedRecords<{ id: string; pseudonym: string; demo: boolean }>('cases');
  const found = all.find((c) => pseudonymPattern.test(c.pseudonym) && !c.demo);
  if (!found) throw new Error(`no case named ${pseudonymPattern} among ${all.map((c) => c.pseudonym).join(', ')}`);
  return found.id;
}

const storedPlans = async (caseId: string) => (await storedRecords<StoredPlan>('plans')).filter((p) => p.caseId === caseId);

describe('One patient at a time', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('a case planned after the demo case shows and saves nothing of the demo\'s lower arch', async function () {
    this.timeout(720_000);
    const doc = await loadApp();
    click(byTestId(doc, 'open-demo'), 'the demo button');
    await waitFor('both demo arches drawn', () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === 'upper,lower', LONG);
    await autoSetup(doc);
    expect(spaceAnalysis(doc, 'lower')?.dataset.discrepancy, 'the demo has a measured lower arch').to.be.a('string');
    expect(allByTestId(doc, 'movement-row').some((r) => Number(r.dataset.fdi) > 30), 'the demo plan moves lower teeth').to.equal(true);

    // The same tab: a new case with the real upper scan only.
    click(byTestId(doc, 'new-case'), 'new case button');
    await waitFor('a scan input in the new case', () => byTestId(doc, 'scan-input'));
    await uploadFiles('scan-input', [REAL_STL]);
    await waitFor('the parsed arch', () => byTestId(doc, 'pending-arch'), LONG);
    click(byTestId(doc, 'import-confirm'), 'Add to case');
    await waitFor('the upper arch alone in the viewport', () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === 'upper', LONG);
    click(await waitFor('the Segment teeth button', () => byTestId(doc, 'segment-arch'), LONG), 'Segment teeth');
    await waitFor('14 tooth labels', () => allByTestId(doc, 'tooth-label').length === 14, LONG);
    await waitFor('the segmentation saved', () => byTestId(doc, 'seg-save-state')?.textContent === 'Saved', LONG);
    await autoSetup(doc);

    expect(allByTestId(doc, 'tooth-label').map((l) => l.dataset.fdi).sort(), 'only this patient\'s teeth drawn').to.deep.equal(UPPER_TEETH);
    const rows = allByTestId(doc, 'movement-row').map((r) => r.dataset.fdi ?? '').sort();
    expect(rows, 'the movement table lists the upper teeth only').to.deep.equal(UPPER_TEETH);
    expect(spaceAnalysis(doc, 'lower')?.dataset.discrepancy, 'no lower arch measured').to.equal(undefined);
    expect(spaceAnalysis(doc, 'upper')?.dataset.discrepancy, 'the upper arch measured').to.be.a('string');
    const report = byTestId(doc, 'auto-setup-result')!.textContent ?? '';
    expect(report, 'no lower contact in the proposed IPR').to.not.match(/\b[34][1-8]\s*[/|-]\s*[34][1-8]\b/);
    expect(report, 'no overbite (there is no lower arch)').to.not.match(/overbite/i);
    click(byTestId(doc, 'plan-tab-findings'), 'Findings section');
    const iprRows = allByTestId(doc, 'ipr-item');
    expect(iprRows.filter((r) => Number(r.dataset.a) > 30 || Number(r.dataset.b) > 30), 'no lower IPR in the chart').to.have.length(0);

    // What was saved for this patient holds only this patient's teeth.
    const caseId = await caseIdNamed(/^New case$/);
    let working: StoredPlan | undefined;
    for (let tries = 0; !(working && working.plan.targets.length > 0); tries++) {
      if (tries > 600) {
        const status = byTestId(doc, 'plan-save-status');
        throw new Error(`the auto-setup plan was never saved: the studio says "${status?.textContent}" (${status?.dataset.status}); stored: ${JSON.stringify((await storedPlans(caseId)).map((p) => [p.kind, p.plan.targets.length]))}`);
      }
      await new Promise((r) => setTimeout(r, 100));
      working = (await storedPlans(caseId)).find((p) => p.kind === 'working');
    }
    expect(working!.plan.targets.filter((t) => t.fdi > 30)).to.deep.equal([]);
    expect(working!.plan.ipr.filter((p) => p.a > 30 || p.b > 30)).to.deep.equal([]);
  });
});
