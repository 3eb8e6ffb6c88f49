// Issue 13's journey on two computers: the planner's studio is the suite's frame, the doctor's a
// second browser profile (its own IndexedDB and settings). A local static host with CORS stands
// in for wherever the clinic puts the encrypted file. The planner shares a link -> the doctor
// opens it, comments on tooth 11 and requests changes -> the planner imports the response,
// sees the comment on 11, edits and re-shares -> the doctor approves with a passphrase -> the
// planner imports: approval verified -> the planner moves one tooth: approval void.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { allByTestId, appFrame, byTestId, click, deleteDatabase, loadApp, screenshotPage, uploadFiles, waitFor } from './harness.ts';
import { LONG } from './plan-page.ts';
import { clickIn, hostFile, keepDownloads, OtherProfile, profileAs, reviewState, setIn, stagedDemo, type Download } from './review-page.ts';

const DOCTOR = 'Dr Ana Ruiz';
const PASSPHRASE = 'north clinic 2026';

const planReady = (doc: Document) => byTestId(doc, 'case-view')?.dataset.planPhase === 'ready' && byTestId(doc, 'plan-panel')?.dataset.computing === 'false';

/** Waits for the next file the planner's studio downloads. */
async function nextDownload(kept: Download[], count: number, what: string): Promise<Download> {
  await waitFor(what, () => kept.length > count, LONG);
  return kept[count];
}

/** Shares the open case by link: the encrypted file goes on the host; returns the link and the file. */
async function shareLink(doc: Document, kept: Download[], hostName: string): Promise<{ link: string; file: Download }> {
  const before = kept.length;
  click(byTestId(doc, 'share-link'), 'Share link');
  const file = await nextDownload(kept, before, 'the encrypted package downloaded');
  expect(new TextDecoder().decode(file.bytes.subarray(0, 12)), 'the file is ciphertext').to.equal('ALIGNER-ENC1');
  const { url } = await hostFile(hostName, file.bytes);
  const input = await waitFor('the hosting address field', () => byTestId<HTMLInputElement>(doc, 'share-link-url-input'), LONG);
  input.value = url;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const link = (await waitFor('the link', () => byTestId<HTMLInputElement>(doc, 'share-link-output'))).value;
  click(byTestId(doc, 'share-link-close'), 'Close');
  await waitFor('the dialog closed', () => !byTestId(doc, 'share-link-dialog'));
  return { link, file };
}

/** Opens a package file in the planner's studio through Open package; returns the toast it left. */
async function importResponse(doc: Document, path: string): Promise<string> {
  // Toasts come and go on their own: the answer is the one naming this file.
  const name = path.split('/').pop()!;
  await uploadFiles('open-package-input', [path]);
  const toast = await waitFor(`the import summary of ${name}`, () => allByTestId(doc, 'toast').find((t) => t.textContent?.includes(name)), LONG);
  return toast.textContent ?? '';
}

/** The doctor's tab, once its link has opened the case: waits for the staged plan computed. */
async function doctorReviewing(doctor: OtherProfile): Promise<void> {
  await doctor.until('the review view with the plan computed', () => {
    const view = document.querySelector<HTMLElement>('[data-testid="review-view"]');
    return view?.dataset.planPhase === 'ready' && view.dataset.computing === 'false';
  }, undefined, 240_000);
}

describe('A plan reviewed across two computers', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });
  after(async () => {
    await executeServerCommand('review-close-all');
  });

  it('share link -> comment and request changes -> import, edit, re-share -> signed approval verified -> a move voids it', async function () {
    this.timeout(900_000);
    // The planner: profile, the demo case, auto-setup.
    const doc = await loadApp();
    const kept = keepDownloads(appFrame());
    await profileAs(doc, 'Sam Patel', 'planner');
    await stagedDemo(doc);
    const first = await shareLink(doc, kept, 'demo-v1.aligner');
    expect(first.link).to.match(/#package=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fdemo-v1\.aligner&key=[A-Za-z0-9_-]{43}$/);
    expect(first.file.name).to.match(/^Demo-patient-.*\d{4}-\d{2}-\d{2}\.aligner$/);

    // The doctor's computer opens the link: asked who they are, then the plan in review mode.
    const doctor = await OtherProfile.open(first.link);
    await doctor.until('the Settings dialog asking who is opening the plan', () => document.querySelector('[data-testid="settings-dialog"]')?.hasAttribute('open'));
    await doctor.run(setIn, { id: 'profile-name', value: DOCTOR });
    await doctor.run(setIn, { id: 'profile-role', value: 'doctor', events: ['change'] });
    await doctor.run(clickIn, { id: 'profile-save' });
    await doctorReviewing(doctor);
    let seen = await doctor.run(reviewState);
    expect(seen.url, 'the key is not left in the address bar').not.to.contain('key=');
    for (const id of ['plan-panel', 'auto-setup', 'gizmo-translate', 'share-export']) {
      expect(await doctor.run((t: string) => document.querySelector(`[data-testid="${t}"]`) === null, id), `no ${id} for the doctor`).to.equal(true);
    }
    const requests = (await executeServerCommand('review-host-requests')) as { method: string; name: string }[];
    expect(requests.map((r) => r.name), 'the host served the encrypted file once, and never saw the key').to.deep.equal(['demo-v1.aligner']);

    // A comment pinned to tooth 11 (chosen in the movement table), then Request changes.
    expect(await doctor.run(clickIn, { id: 'review-tab-plan' })).to.equal(true);
    expect(await doctor.run(clickIn, { id: 'movement-row', fdi: '11' }), 'tooth 11 in the movement table').to.equal(true);
    await doctor.run(clickIn, { id: 'review-tab-comments' });
    await doctor.run(setIn, { id: 'review-comment-text', value: 'Less rotation on 11, please.' });
    await doctor.until('the comment box ready', () => !(document.querySelector('[data-testid="review-comment-add"]') as HTMLButtonElement | null)?.disabled);
    await doctor.run(clickIn, { id: 'review-comment-add' });
    await doctor.until('the comment listed on 11', () => document.querySelector('[data-testid="review-comment"][data-fdi="11"]'));
    await doctor.run(clickIn, { id: 'review-request-changes' });
    await doctor.until('the request dialog', () => document.querySelector('[data-testid="request-changes-dialog"]')?.hasAttribute('open'));
    await doctor.run(setIn, { id: 'request-changes-note', value: 'Please reduce the rotation of 11 and send it again.' });
    await doctor.run(clickIn, { id: 'request-changes-confirm' });
    await doctor.until('the response offered', () => document.querySelector('[data-testid="share-response"]'));
    await doctor.screenshot('share-review-doctor-comment');
    await doctor.run(clickIn, { id: 'share-response' });
    await doctor.until('the response downloaded', () => ((window as unknown as { __downloads?: unknown[] }).__downloads?.length ?? 0) > 0);
    const [response] = await doctor.downloads();
    expect(response.name).to.match(/-response-\d{4}-\d{2}-\d{2}\.aligner$/);
    expect(response.bytes.length, 'the response carries no scans').to.be.below(200_000);

    // The planner imports the response: the same case, the comment on tooth 11.
    const responseFile = await hostFile('response-1.aligner', response.bytes);
    const summary = await importResponse(doc, responseFile.path);
    expect(summary).to.match(/1 comment/);
    expect(allByTestId(doc, 'case-row').length, 'merged into the case, no duplicate').to.equal(1);
    click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
    const comment = await waitFor('the comment on tooth 11', () => allByTestId(doc, 'review-comment').find((c) => c.dataset.fdi === '11'), LONG);
    expect(comment.textContent).to.contain(DOCTOR).and.contain('Less rotation on 11');
    expect(byTestId(doc, 'changes-requested')?.textContent).to.contain('Please reduce the rotation of 11');
    await waitFor('tooth 11 marked in the view', () => allByTestId(doc, 'tooth-label').find((l) => l.dataset.fdi === '11')?.dataset.comments === '1', LONG);
    await screenshotPage('share-review-planner-comment');

    // The planner acts on it (clicking the comment selects 11) and shares again.
    await waitFor('the plan computed', () => planReady(doc), LONG);
    click(comment, 'the comment on 11');
    click(await waitFor('the Setup section', () => byTestId(doc, 'plan-tab-setup'), LONG), 'Setup section');
    click(await waitFor('the rotation step', () => byTestId(doc, 'nudge-rotation-minus'), LONG), 'rotation -');
    await waitFor('the plan saved', () => byTestId(doc, 'plan-save-status')?.dataset.status === 'saved', LONG);
    await waitFor('the plan computed', () => planReady(doc), LONG);
    const second = await shareLink(doc, kept, 'demo-v2.aligner');

    // The doctor opens the new link: the same case, updated; approves with a new signing key.
    await doctor.goto(second.link);
    const merged = await doctor.until('the second package merged', () => [...document.querySelectorAll('[data-testid="toast"]')]
      .map((t) => t.textContent ?? '').find((t) => t.includes('demo-v2.aligner')));
    expect(merged, 'the doctor\'s copy updated, not a second case').to.match(/^Updated Demo patient/);
    await doctor.until('the package opened', () => !document.querySelector('[data-testid="package-progress"]'));
    await doctorReviewing(doctor);
    expect(await doctor.run(() => document.querySelectorAll('[data-testid="case-row"]').length), 'one case on the doctor\'s side').to.equal(1);
    // With a profile already set, nothing waits on the test: from the link to the staged plan drawn (logged, never asserted).
    const took = await doctor.run(() => {
      const last = (name: string) => performance.getEntriesByName(name).at(-1)?.startTime;
      const [from, to] = [last('share-link-open'), last('review-plan-shown')];
      return from !== undefined && to !== undefined && to > from ? to - from : null;
    });
    console.log(`second share link to its staged plan on screen (demo case, software GPU): ${took === null ? 'not marked' : `${Math.round(took)} ms`}`);
    seen = await doctor.run(reviewState);
    expect(seen.comments.map((c) => c.fdi), 'the doctor\'s comment is still there, once').to.deep.equal(['11']);
    await doctor.until('Approve enabled', () => !(document.querySelector('[data-testid="review-approve"]') as HTMLButtonElement | null)?.disabled);
    await doctor.run(clickIn, { id: 'review-approve' });
    await doctor.until('the approve dialog', () => document.querySelector('[data-testid="approve-dialog"]')?.hasAttribute('open'));
    await doctor.run(setIn, { id: 'approve-passphrase', value: PASSPHRASE });
    await doctor.run(setIn, { id: 'approve-passphrase-again', value: PASSPHRASE });
    await doctor.screenshot('share-review-doctor-approve');
    await doctor.run(clickIn, { id: 'approve-confirm' });
    await doctor.until('the approval shown', () => document.querySelector<HTMLElement>('[data-testid="approval-status"]')?.dataset.state === 'unknown-key');
    await doctor.run(clickIn, { id: 'share-response' });
    await doctor.until('the second response downloaded', () => ((window as unknown as { __downloads?: unknown[] }).__downloads?.length ?? 0) > 1);
    await doctor.screenshot('share-review-doctor-approved');
    const approval = (await doctor.downloads())[1];
    // The doctor's key fingerprint, as the doctor reads it out of Settings for the clinic's list.
    await doctor.run(clickIn, { id: 'settings-open' });
    const fingerprint = (await doctor.until('the doctor\'s key in Settings', () => document.querySelector('[data-testid="signing-fingerprint"]')?.textContent)).trim();

    // The planner lists the doctor's key and imports the approval: verified.
    await profileAs(doc, 'Sam Patel', 'planner', { name: DOCTOR, fingerprint });
    const approvalFile = await hostFile('response-2.aligner', approval.bytes);
    expect(await importResponse(doc, approvalFile.path)).to.match(/approv/i);
    click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
    const verified = await waitFor('the approval verified', () => byTestId(doc, 'approval-status')?.dataset.state === 'verified' && byTestId(doc, 'approval-status'), LONG);
    expect(verified.textContent).to.contain(`Approved for manufacturing by ${DOCTOR}`).and.contain(`verified: ${DOCTOR}`);
    expect(allByTestId(doc, 'case-row').length, 'still one case').to.equal(1);
    await screenshotPage('share-review-planner-verified');

    // One tooth moved after approval: void, naming it; the approved version is kept.
    click(await waitFor('the Setup section', () => byTestId(doc, 'plan-tab-setup'), LONG), 'Setup section');
    click(await waitFor('tooth 21 in the setup', () => allByTestId(doc, 'setup-tooth').find((t) => t.dataset.fdi === '21'), LONG), 'tooth 21');
    click(await waitFor('the mesial + step', () => byTestId(doc, 'nudge-mesial-plus'), LONG), 'mesial +');
    const voided = await waitFor('the approval void', () => byTestId(doc, 'approval-status')?.dataset.state === 'void' && byTestId(doc, 'approval-status'), LONG);
    expect(voided.textContent).to.contain('Approval void').and.contain('tooth 21');
    await waitFor('the case back in planning', () => byTestId(doc, 'case-row')?.textContent?.includes('Planning'), LONG);
    await screenshotPage('share-review-planner-void');

    // The case's record: both sides' events in one trail, intact, with the merges.
    click(byTestId(doc, 'tab-record'), 'Record tab');
    const verdict = await waitFor('the trail verified', () => byTestId<HTMLElement>(doc, 'audit-verdict'), LONG);
    expect(verdict.dataset.ok, verdict.textContent ?? '').to.equal('true');
    const kinds = allByTestId(doc, 'audit-event').map((e) => e.dataset.kind);
    for (const kind of ['case-created', 'package-exported', 'package-imported', 'comment-added', 'changes-requested', 'approved', 'status-changed']) {
      expect(kinds, `a ${kind} event`).to.include(kind);
    }
    expect(byTestId(doc, 'audit-status'), 'no tamper warning').to.equal(null);
    await screenshotPage('share-review-planner-record');
  });
});
