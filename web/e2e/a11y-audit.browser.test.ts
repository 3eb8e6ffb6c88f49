// WCAG 2.1 AA across the studio (issue #17): axe-core's A and AA rules run in the built studio on
// every view a planner or a doctor meets with the real demo case, and none may report a serious
// or critical violation. One walk: the empty library and Settings (with a signed protocol), the
// demo case's Scans tab with a note in its records (the viewer, a confirm dialog), its Record
// tab, each Plan section before and after auto-setup, the share-link and QA gate dialogs, the
// dashboard (this library's cases, then a DSO folder of packages), then the same case in a
// doctor's review mode with the approve and request-changes dialogs, and the planner reading the
// doctor's answer. Also a new empty case, a refused package and an encrypted one's key prompt.
// A failure prints each rule, the elements, and for contrast the colours and ratio; a first test
// proves the audit is not blind (a probe in the old grey fails).
import { defaultProtocolDocument } from '../core/protocol-document.ts';
import { DASHBOARD_SCRIPT, generateCases } from '../core/fixtures/pipeline-cases.ts';
import { dsoFolder } from '../exchange/fixtures/dashboard-packages.ts';
import { encryptPackage } from '../exchange/package-crypto.ts';
import { signProtocol, writeProtocolFile } from '../exchange/protocol-file.ts';
import { createSigningKey, formatFingerprint } from '../exchange/signing.ts';
import { expect } from 'chai';
import { formatViolations, seriousViolations } from './axe.ts';
import { allByTestId, animationFrames, appFrame, byTestId, choose, click, deleteDatabase, loadApp, screenshotPage, uploadFiles, waitFor } from './harness.ts';
import { LONG, engineIdle, slider } from './plan-page.ts';
import { hostFile, keepDownloads, profileAs } from './review-page.ts';

const LEAD = 'Dr Lee Lead';
const PASS = 'north dso lead 2026';

const dialogOpen = (doc: Document, id: string) => byTestId<HTMLDialogElement>(doc, id)?.open && byTestId<HTMLDialogElement>(doc, id);
const planReady = (doc: Document) => byTestId(doc, 'case-view')?.dataset.planPhase === 'ready' && byTestId(doc, 'plan-panel')?.dataset.computing === 'false';

/** Lets the studio settle (a render after the last change) before axe reads it. */
async function settled(doc: Document): Promise<void> {
  await animationFrames(doc, 2);
}

/**
 * What the views of the running test reported: each test audits as it goes and fails at its
 * end, once it has closed what it opened, so one failing view does not strand the next.
 */
let found: string[] = [];

async function audit(doc: Document, view: string): Promise<void> {
  await settled(doc);
  const violations = await seriousViolations(doc);
  if (violations.length > 0) found.push(formatViolations(view, violations));
}

function expectNoneFound(): void {
  const reports = found;
  found = [];
  if (reports.length > 0) throw new Error(reports.join('\n\n'));
}

describe('WCAG 2.1 AA: no serious or critical axe violation on any view', () => {
  let doc: Document;
  beforeEach(() => {
    found = [];
  });

  before(async function () {
    this.timeout(120_000);
    await deleteDatabase('aligner-studio');
    doc = await loadApp();
    keepDownloads(appFrame());
  });

  it('the audit sees what it should: a grey hint on white fails with its colours and ratio', async () => {
    const probe = doc.createElement('p');
    probe.textContent = 'A hint in the old --ink-faint';
    probe.style.color = '#8795a1';
    probe.style.background = '#ffffff';
    probe.dataset.probe = '';
    doc.querySelector('main')!.appendChild(probe);
    try {
      const report = formatViolations('the probe', await seriousViolations(doc, { include: probe }));
      expect(report).to.contain('color-contrast (serious, 1 element)').and.contain('#8795a1 on #ffffff: 3.06:1, needs 4.5:1');
    } finally {
      probe.remove();
    }
  });

  it('the empty library (the start page)', async () => {
    await audit(doc, 'the empty library');
    expectNoneFound();
  });

  it('Settings, with a profile, a doctor key and a signed protocol', async function () {
    this.timeout(120_000);
    const key = await createSigningKey(LEAD, PASS, { iterations: 1000 });
    const protocol = defaultProtocolDocument({ id: 'north-adult', name: 'North adult standard', author: { name: LEAD, role: 'lead' }, createdAt: Date.UTC(2026, 10, 2) });
    const file = writeProtocolFile(await signProtocol(protocol, key, LEAD, PASS));
    click(byTestId(doc, 'settings-open'), 'the Settings button');
    await waitFor('the Settings dialog', () => dialogOpen(doc, 'settings-dialog'));
    choose(byTestId<HTMLInputElement>(doc, 'profile-name'), 'Sam Patel', 'the name field', ['input']);
    choose(byTestId<HTMLSelectElement>(doc, 'profile-role'), 'planner', 'the role');
    choose(byTestId<HTMLInputElement>(doc, 'known-key-name'), LEAD, 'the key owner field', ['input']);
    choose(byTestId<HTMLInputElement>(doc, 'known-key-fingerprint'), formatFingerprint(key.fingerprint), 'the fingerprint field', ['input']);
    click(byTestId(doc, 'known-key-add'), 'Add key');
    await waitFor('the key listed', () => byTestId(doc, 'known-key'));
    const win = doc.defaultView as Window & typeof globalThis;
    const dt = new win.DataTransfer();
    dt.items.add(new win.File([file as BlobPart], 'north-adult.protocol.json', { type: 'application/json' }));
    const input = byTestId<HTMLInputElement>(doc, 'protocol-file')!;
    input.files = dt.files;
    input.dispatchEvent(new win.Event('change', { bubbles: true }));
    await waitFor('the protocol imported', () => byTestId(doc, 'protocol'));
    await audit(doc, 'the Settings dialog');
    await screenshotPage('a11y-settings');
    click(byTestId(doc, 'profile-save'), 'Save');
    await waitFor('the header naming the planner', () => byTestId(doc, 'settings-open')?.textContent?.includes('Sam Patel'));
    expectNoneFound();
  });

  it('a new, empty case', async function () {
    this.timeout(60_000);
    click(byTestId(doc, 'new-case'), 'New case');
    await waitFor('the scan input of the new case', () => byTestId(doc, 'scan-input'), LONG);
    await audit(doc, 'a new case (no scans yet)');
    expectNoneFound();
  });

  it('Open package: a refused file\'s message, the key prompt of an encrypted one', async function () {
    this.timeout(120_000);
    const broken = await hostFile('broken.aligner', new TextEncoder().encode('not a zip at all'));
    await uploadFiles('open-package-input', [broken.path]);
    await waitFor('the refusal naming the file', () => allByTestId(doc, 'toast').find((t) => t.textContent?.includes('broken.aligner')), LONG);
    await audit(doc, 'the library with an error message (a refused package)');
    // Only the envelope matters here: the key is asked for before anything is decrypted.
    const sealed = await encryptPackage(new TextEncoder().encode('sealed'));
    const file = await hostFile('sealed.aligner', sealed.bytes);
    await uploadFiles('open-package-input', [file.path]);
    const keyInput = await waitFor('the key prompt', () => byTestId<HTMLInputElement>(doc, 'package-key-input'), LONG);
    await audit(doc, 'the key prompt of an encrypted package');
    choose(keyInput, 'A'.repeat(43), 'the key', ['input']);
    click(byTestId(doc, 'package-key-submit'), 'Open');
    await waitFor('the wrong key said in the prompt', () => doc.querySelector('.key-prompt .share-problem'), LONG);
    await audit(doc, 'the key prompt (a wrong key refused)');
    click(doc.querySelector('.key-prompt .share-actions .btn:not(.primary)'), 'Cancel');
    await waitFor('the key prompt closed', () => !byTestId(doc, 'package-key-input'));
    for (const t of allByTestId(doc, 'toast')) t.querySelector<HTMLButtonElement>('button[aria-label]')?.click();
    expectNoneFound();
  });

  it('the demo case: Scans tab', async function () {
    this.timeout(240_000);
    click(byTestId(doc, 'open-demo'), 'Open the demo case');
    await waitFor('both demo arches in the viewport', () => byTestId(doc, 'viewport')?.dataset.arches === 'upper,lower', 180_000);
    await waitFor('the records section', () => byTestId(doc, 'case-records'), LONG);
    await waitFor('28 tooth labels', () => allByTestId(doc, 'tooth-label').length === 28, LONG);
    await audit(doc, 'the case view, Scans tab');
    expectNoneFound();
  });

  it('the records viewer and a confirm dialog', async function () {
    this.timeout(120_000);
    const note = byTestId<HTMLInputElement>(doc, 'record-note-text');
    choose(note, 'Patient asks to finish before June.', 'the note', ['input']);
    click(byTestId(doc, 'record-note-add'), 'Add note');
    click(await waitFor('the note card', () => byTestId(doc, 'record-open')), 'the note');
    const viewer = await waitFor('the records viewer', () => dialogOpen(doc, 'record-viewer'));
    await waitFor('the note shown', () => byTestId(doc, 'record-viewer-text')?.textContent);
    await audit(doc, 'the records viewer');
    click(byTestId(doc, 'record-viewer-close'), 'Close');
    await waitFor('the viewer closed', () => !viewer.open);

    click(byTestId(doc, 'delete-case'), 'Delete');
    await waitFor('the confirm dialog', () => byTestId(doc, 'confirm-delete'));
    await audit(doc, 'the confirm dialog (delete case)');
    click(byTestId(doc, 'confirm-cancel'), 'Cancel');
    await waitFor('the confirm dialog closed', () => !byTestId(doc, 'confirm-delete'));
    expectNoneFound();
  });

  it('the case\'s Record tab', async function () {
    this.timeout(120_000);
    click(byTestId(doc, 'tab-record'), 'Record tab');
    await waitFor('the trail verified', () => byTestId(doc, 'audit-verdict'), LONG);
    await audit(doc, 'the case view, Record tab');
    expectNoneFound();
  });

  it('Plan: Setup before auto-setup', async function () {
    this.timeout(240_000);
    click(byTestId(doc, 'tab-plan'), 'Plan tab');
    click(await waitFor('the Setup section', () => byTestId(doc, 'plan-tab-setup'), 180_000), 'Setup section');
    await waitFor('the plan computed', () => planReady(doc), LONG);
    await audit(doc, 'Plan, Setup (no setup yet)');
    expectNoneFound();
  });

  it('Plan: Setup after auto-setup, a tooth chosen', async function () {
    this.timeout(240_000);
    click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
    await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
    await waitFor('the plan saved', () => byTestId(doc, 'plan-save-status')?.dataset.status === 'saved', LONG);
    await engineIdle(doc);
    click(await waitFor('tooth 11 in the setup', () => allByTestId(doc, 'setup-tooth').find((t) => t.dataset.fdi === '11'), LONG), 'tooth 11');
    await waitFor('the nudge controls', () => byTestId(doc, 'nudge-mesial-plus'), LONG);
    await audit(doc, 'Plan, Setup (auto-setup done, tooth 11 chosen)');
    await screenshotPage('a11y-plan-setup');
    expectNoneFound();
  });

  for (const section of ['staging', 'attachments', 'findings', 'versions', 'models']) {
    it(`Plan: ${section[0].toUpperCase()}${section.slice(1)}`, async function () {
      this.timeout(180_000);
      click(byTestId(doc, `plan-tab-${section}`), `the ${section} section`);
      await waitFor(`the ${section} section shown`, () => byTestId(doc, `plan-tab-${section}`)?.getAttribute('aria-selected') === 'true');
      await engineIdle(doc);
      await audit(doc, `Plan, ${section}`);
      if (section === 'staging' || section === 'findings') await screenshotPage(`a11y-plan-${section}`);
      expectNoneFound();
    });
  }

  it('the share-link dialog', async function () {
    this.timeout(180_000);
    click(byTestId(doc, 'share-link'), 'Share link');
    const url = await waitFor('the hosting address field', () => byTestId<HTMLInputElement>(doc, 'share-link-url-input'), LONG);
    await audit(doc, 'the share-link dialog (address asked)');
    choose(url, 'http://files.example.org/demo.aligner', 'the address', ['input']);
    await waitFor('the refusal', () => byTestId(doc, 'share-link-dialog')?.querySelector('.share-problem'));
    await audit(doc, 'the share-link dialog (an insecure address refused)');
    choose(url, 'https://files.example.org/north/demo.aligner', 'the address', ['input']);
    await waitFor('the link', () => byTestId(doc, 'share-link-output'));
    await audit(doc, 'the share-link dialog (the link made)');
    click(byTestId(doc, 'share-link-close'), 'Close');
    await waitFor('the dialog gone', () => !byTestId(doc, 'share-link-dialog'));
    expectNoneFound();
  });

  it('the QA gate dialog', async function () {
    this.timeout(240_000);
    click(byTestId(doc, 'plan-tab-staging'), 'Staging section');
    const select = await waitFor('the protocol choice', () => byTestId<HTMLSelectElement>(doc, 'protocol-choose'), LONG);
    choose(select, 'north-adult', 'the protocol');
    click(byTestId(doc, 'protocol-apply'), 'Stage under it');
    await waitFor('the plan under the protocol', () => byTestId(doc, 'protocol-standing')?.dataset.state === 'current', LONG);
    await waitFor('the plan computed', () => planReady(doc), LONG);
    await audit(doc, 'Plan, Staging under a protocol');
    click(byTestId(doc, 'share-export'), 'Export package');
    await waitFor('the QA gate', () => dialogOpen(doc, 'qa-gate-dialog'), LONG);
    click(byTestId(doc, 'qa-override'), 'Send anyway (no reason)');
    await waitFor('the reason asked for', () => byTestId(doc, 'qa-override-problem'));
    await audit(doc, 'the QA gate dialog');
    click(byTestId(doc, 'qa-back'), 'Back to the plan');
    await waitFor('the QA gate closed', () => !byTestId(doc, 'qa-gate-dialog'));
    expectNoneFound();
  });

  it('the dashboard', async function () {
    this.timeout(120_000);
    click(byTestId(doc, 'dashboard-toggle'), 'Dashboard');
    await waitFor('the library\'s figures', () => byTestId(doc, 'dashboard-source'), LONG);
    await audit(doc, 'the dashboard (this library)');
    await screenshotPage('a11y-dashboard');
    click(byTestId(doc, 'dashboard-source-packages'), 'Packages');
    const zone = await waitFor('the drop zone', () => byTestId(doc, 'dashboard-drop'));
    await audit(doc, 'the dashboard (packages, none yet)');
    // A DSO lead's folder (the dashboard test's): every table and chart filled, three files left out.
    const win = doc.defaultView as Window & typeof globalThis;
    const dropped = new win.DataTransfer();
    for (const f of await dsoFolder(generateCases(DASHBOARD_SCRIPT, 6016))) dropped.items.add(new win.File([f.bytes as BlobPart], f.path.split('/').pop()!));
    zone.dispatchEvent(new win.DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dropped }));
    choose(byTestId<HTMLInputElement>(doc, 'dashboard-as-of'), '2026-03-06', 'the As of date', ['change']);
    await waitFor('the packages read', () => byTestId(doc, 'dashboard-skipped') && byTestId(doc, 'waiting-table'), LONG);
    await audit(doc, 'the dashboard (a folder of packages)');
    click(byTestId(doc, 'dashboard-close'), 'Close');
    await waitFor('the dashboard closed', () => !byTestId(doc, 'dashboard'));
    expectNoneFound();
  });

  it('review mode: the doctor\'s view, each tab', async function () {
    this.timeout(360_000);
    await profileAs(doc, 'Dr Ana Ruiz', 'doctor');
    const view = await waitFor('the review view', () => byTestId<HTMLElement>(doc, 'review-view'), LONG);
    await waitFor('the plan computed', () => view.dataset.planPhase === 'ready' && view.dataset.computing === 'false', 240_000);
    for (const tab of ['comments', 'plan', 'findings', 'record']) {
      click(await waitFor(`the ${tab} tab`, () => byTestId(doc, `review-tab-${tab}`)), `the ${tab} tab`);
      await waitFor(`the ${tab} tab shown`, () => byTestId(doc, `review-tab-${tab}`)?.getAttribute('aria-selected') === 'true');
      await audit(doc, `review mode, ${tab} tab`);
      if (tab === 'plan') await screenshotPage('a11y-review-movements');
    }
    expectNoneFound();
  });

  it('review mode: the approve and request-changes dialogs', async function () {
    this.timeout(120_000);
    click(byTestId(doc, 'review-tab-comments'), 'Comments');
    choose(byTestId<HTMLInputElement>(doc, 'review-comment-text'), 'Less rotation on 11, please.', 'the comment box', ['input']);
    click(byTestId(doc, 'review-comment-add'), 'Add comment');
    await waitFor('the comment listed', () => byTestId(doc, 'review-comment'));
    await audit(doc, 'review mode, a comment listed');

    click(await waitFor('Approve enabled', () => !byTestId<HTMLButtonElement>(doc, 'review-approve')?.disabled && byTestId(doc, 'review-approve')), 'Approve');
    await waitFor('the approve dialog', () => dialogOpen(doc, 'approve-dialog'));
    await audit(doc, 'the approve dialog');
    click(byTestId(doc, 'approve-cancel'), 'Cancel');
    await waitFor('the approve dialog closed', () => !dialogOpen(doc, 'approve-dialog'));

    click(byTestId(doc, 'review-request-changes'), 'Request changes');
    await waitFor('the request dialog', () => dialogOpen(doc, 'request-changes-dialog'));
    choose(byTestId<HTMLInputElement>(doc, 'request-changes-note'), 'Please reduce the rotation of 11.', 'the note', ['input']);
    await audit(doc, 'the request-changes dialog');
    click(byTestId(doc, 'request-changes-confirm'), 'Request changes');
    await waitFor('the request dialog closed', () => !dialogOpen(doc, 'request-changes-dialog'), LONG);
    await waitFor('the request shown', () => byTestId(doc, 'changes-requested'), LONG);
    await audit(doc, 'review mode, changes requested');
    expectNoneFound();
  });

  it('review mode: approved (a key this browser made), then the planner reading the response', async function () {
    this.timeout(240_000);
    click(await waitFor('Approve enabled', () => !byTestId<HTMLButtonElement>(doc, 'review-approve')?.disabled && byTestId(doc, 'review-approve'), LONG), 'Approve');
    await waitFor('the approve dialog', () => dialogOpen(doc, 'approve-dialog'));
    choose(byTestId<HTMLInputElement>(doc, 'approve-passphrase'), PASS, 'the passphrase', ['input']);
    choose(byTestId<HTMLInputElement>(doc, 'approve-passphrase-again'), PASS, 'the passphrase again', ['input']);
    click(byTestId(doc, 'approve-confirm'), 'Sign and approve');
    await waitFor('the approval shown', () => byTestId(doc, 'approval-status')?.dataset.state === 'unknown-key', LONG);
    await audit(doc, 'review mode, approved with this browser\'s own key');

    await profileAs(doc, 'Sam Patel', 'planner');
    click(await waitFor('the way back to the editor', () => byTestId(doc, 'review-edit'), LONG), 'Open in the editor');
    click(await waitFor('the editor back', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
    await waitFor('the plan section', () => byTestId(doc, 'plan-panel'), LONG);
    await waitFor('the plan computed', () => planReady(doc), 240_000);
    await waitFor('the doctor\'s comment listed', () => byTestId(doc, 'review-comment'), LONG);
    await audit(doc, 'the planner\'s Plan tab with the doctor\'s comment, request and approval');
    expectNoneFound();
  });
});
