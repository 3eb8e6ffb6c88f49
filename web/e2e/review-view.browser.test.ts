// The review screen and the approval card in the built studio, in one browser: a planner runs
// auto-setup on the demo; the profile becomes a doctor's, and the open case turns read-only (no
// gizmo, no plan editor); the doctor comments on tooth 11 at the final stage (its label gets a
// marker), compares side by side and approves, making a signing key from name and passphrase.
// Back as a planner who lists that key: "verified"; moving tooth 11 voids the approval, naming it.
import { expect } from 'chai';
import { allByTestId, byTestId, choose, click, deleteDatabase, drawnAfter, loadApp, screenshotElement, screenshotPage, selectTooth, waitFor } from './harness.ts';
import { LONG, slider } from './plan-page.ts';
import { profileAs } from './review-page.ts';

const computed = (el: HTMLElement) => el.dataset.planPhase === 'ready' && el.dataset.computing === 'false';

describe('review view', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('a doctor comments on tooth 11 and approves; the planner sees it verified, then void after moving 11', async function () {
    this.timeout(480_000);
    const doc = await loadApp();
    await profileAs(doc, 'Sam Patel', 'planner');
    click(byTestId(doc, 'open-demo'), 'Open the demo case');
    expect(await waitFor('the share buttons in the case header', () => byTestId(doc, 'share-export'), LONG)).to.not.equal(null);
    click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
    click(await waitFor('the Setup section', () => byTestId(doc, 'plan-tab-setup'), LONG), 'Setup section');
    click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
    await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
    await waitFor('the plan saved', () => byTestId(doc, 'plan-save-status')?.dataset.status === 'saved', LONG);
    expect(byTestId(doc, 'approval-status')!.dataset.state).to.equal('none');

    // The same open case, now as the doctor: read-only at once.
    await profileAs(doc, 'Dr Ana Ruiz', 'doctor');
    const view = await waitFor('the review view', () => byTestId<HTMLElement>(doc, 'review-view'), LONG);
    await waitFor('the plan computed', () => computed(view), 180_000);
    for (const id of ['gizmo-translate', 'plan-panel', 'accept-ipr', 'auto-setup', 'nudge-mesial-plus', 'share-export']) {
      expect(byTestId(doc, id), `no ${id} in review`).to.equal(null);
    }
    const last = Number(slider(doc)!.max);
    choose(slider(doc), String(last), 'the stage slider', ['input', 'change']);
    await waitFor('the final stage computed', () => byTestId(doc, 'stage-label')?.dataset.stage === String(last) && computed(view), LONG);

    await selectTooth(doc, 11);
    choose(byTestId<HTMLInputElement>(doc, 'review-comment-text'), 'Less rotation on 11, please.', 'the comment box', ['input']);
    click(byTestId(doc, 'review-comment-stage'), 'at stage N');
    click(byTestId(doc, 'review-comment-add'), 'Add comment');
    const item = await waitFor('the comment listed', () => allByTestId(doc, 'review-comment').find((c) => c.dataset.fdi === '11'));
    expect(item.dataset.stage).to.equal(String(last));
    expect(item.textContent).to.contain('Dr Ana Ruiz').and.contain('Doctor').and.contain('Less rotation on 11');
    await waitFor('tooth 11 marked', () => allByTestId(doc, 'tooth-label').find((l) => l.dataset.fdi === '11')?.dataset.comments === '1');

    await drawnAfter(doc, () => click(byTestId(doc, 'side-by-side'), 'Side by side'));
    expect(byTestId(doc, 'viewport')!.dataset.split).to.equal('true');
    await screenshotPage('review-view');

    click(byTestId(doc, 'review-approve'), 'Approve');
    const dialog = await waitFor('the approve dialog', () => byTestId<HTMLDialogElement>(doc, 'approve-dialog')?.open && byTestId(doc, 'approve-dialog'));
    expect(dialog.textContent).to.contain('approved for manufacturing').and.contain('never stored and cannot be recovered');
    expect(byTestId<HTMLInputElement>(doc, 'approve-name')!.value).to.equal('Dr Ana Ruiz');
    choose(byTestId<HTMLInputElement>(doc, 'approve-passphrase'), 'north clinic 2026', 'the passphrase', ['input']);
    choose(byTestId<HTMLInputElement>(doc, 'approve-passphrase-again'), 'north clinic 2026', 'the passphrase again', ['input']);
    await screenshotElement('review-approve-dialog', dialog);
    click(byTestId(doc, 'approve-confirm'), 'Sign and approve');
    const status = await waitFor('the approval shown', () => byTestId(doc, 'approval-status')?.dataset.state === 'unknown-key' && byTestId(doc, 'approval-status'), LONG);
    await waitFor('the key named as this browser\'s own', () => status.textContent?.includes("this browser's own key"));
    expect(status.textContent).to.contain('Approved for manufacturing by Dr Ana Ruiz');
    await waitFor('the response offered', () => byTestId(doc, 'share-response'));
    expect(byTestId<HTMLButtonElement>(doc, 'review-approve')!.disabled, 'approved once').to.equal(true);
    await screenshotPage('review-approved');

    // The planner, whose clinic lists the doctor's key: verified; one nudge of 11 voids it.
    click(byTestId(doc, 'settings-open'), 'the Settings button');
    const fingerprint = (await waitFor('this browser\'s key in Settings', () => byTestId(doc, 'signing-fingerprint')?.textContent)).trim();
    await profileAs(doc, 'Sam Patel', 'planner', { name: 'Dr Ana Ruiz', fingerprint });
    click(await waitFor('the way back to the editor', () => byTestId(doc, 'review-edit')), 'Open in the editor');
    await waitFor('the editor back', () => byTestId(doc, 'plan-panel'), LONG);
    await waitFor('verified', () => byTestId(doc, 'approval-status')?.dataset.state === 'verified', LONG);
    expect(byTestId(doc, 'approval-status')!.textContent).to.contain('verified: Dr Ana Ruiz');
    expect(allByTestId(doc, 'review-comment').map((c) => c.dataset.fdi)).to.deep.equal(['11']);
    click(byTestId(doc, 'plan-tab-setup'), 'Setup section');
    click(await waitFor('tooth 11 in the setup', () => allByTestId(doc, 'setup-tooth').find((t) => t.dataset.fdi === '11')), 'tooth 11');
    click(await waitFor('the mesial + step', () => byTestId(doc, 'nudge-mesial-plus')), 'mesial +');
    const voided = await waitFor('the approval void', () => byTestId(doc, 'approval-status')?.dataset.state === 'void' && byTestId(doc, 'approval-status'), LONG);
    expect(voided.textContent).to.contain('Approval void: the plan changed after approval').and.contain('tooth 11: final position')
      .and.contain('is kept under Versions');
    await screenshotPage('review-planner-void');
  });
});
