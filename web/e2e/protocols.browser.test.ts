// A DSO's protocol as a clinic meets it (issue 16): the lead's signed protocol file imported in
// Settings (verified once the lead's key is on the clinic's list, a tampered copy refused with
// its name), the demo plan put under it from the Staging section, then version 2 imported: the
// plan says it was made under version 1, and one click re-stages it under version 2.
import { expect } from 'chai';
import { defaultProtocolDocument, reviseProtocol, type ProtocolDocument } from '../core/protocol-document.ts';
import { signProtocol, writeProtocolFile } from '../exchange/protocol-file.ts';
import { createSigningKey, formatFingerprint, type StoredSigningKey } from '../exchange/signing.ts';
import { animationFrames, appFrame, byTestId, click, deleteDatabase, loadApp, screenshotElement, waitFor } from './harness.ts';
import { LONG, slider } from './plan-page.ts';
import { keepDownloads, profileAs } from './review-page.ts';

const LEAD = 'Dr Lee Lead';
const PASS = 'north dso lead 2026';

/** Gives the hidden file input a file, as choosing one in the dialog does. */
function chooseFile(doc: Document, name: string, bytes: Uint8Array): void {
  const input = byTestId<HTMLInputElement>(doc, 'protocol-file');
  if (!input) throw new Error('no protocol file input');
  const win = doc.defaultView as Window & typeof globalThis;
  const dt = new win.DataTransfer();
  dt.items.add(new win.File([bytes as BlobPart], name, { type: 'application/json' }));
  input.files = dt.files;
  input.dispatchEvent(new win.Event('change', { bubbles: true }));
}

async function importProtocol(doc: Document, name: string, bytes: Uint8Array, expected: string): Promise<void> {
  if (!byTestId<HTMLDialogElement>(doc, 'settings-dialog')?.open) click(byTestId(doc, 'settings-open'), 'the Settings button');
  await waitFor('the Settings dialog', () => byTestId<HTMLDialogElement>(doc, 'settings-dialog')?.open);
  chooseFile(doc, name, bytes);
  const note = await waitFor(`the note "${expected}"`, () => byTestId(doc, 'protocol-note')?.textContent?.includes(expected) && byTestId(doc, 'protocol-note'));
  expect(note.textContent).to.contain(expected);
}

describe('A signed protocol in the studio', () => {
  let key: StoredSigningKey;
  let v1: ProtocolDocument, v2: ProtocolDocument;
  before(async () => {
    await deleteDatabase('aligner-studio');
    key = await createSigningKey(LEAD, PASS, { iterations: 1000 });
    v1 = defaultProtocolDocument({ id: 'north-adult', name: 'North adult standard', author: { name: LEAD, role: 'lead' }, createdAt: Date.UTC(2026, 10, 2) });
    v2 = reviseProtocol(v1, { settings: { ...v1.settings, wearDays: 10 } }, Date.UTC(2026, 11, 1));
  });

  it('imports it verified, puts the plan under it, and re-stages under the next version in one click', async function () {
    this.timeout(600_000);
    const file1 = writeProtocolFile(await signProtocol(v1, key, LEAD, PASS));
    const file2 = writeProtocolFile(await signProtocol(v2, key, LEAD, PASS));
    const doc = await loadApp();
    await profileAs(doc, 'Sam Patel', 'planner', { name: 'Dr Lee Lead (DSO)', fingerprint: formatFingerprint(key.fingerprint) });

    await importProtocol(doc, 'north-adult-standard-v1.protocol.json', file1, 'Imported North adult standard version 1 (verified: signed by Dr Lee Lead (DSO))');
    const tampered = new TextEncoder().encode(new TextDecoder().decode(file2).replace('"wearDays": 10', '"wearDays": 5'));
    await importProtocol(doc, 'edited.protocol.json', tampered, 'edited.protocol.json');
    expect(byTestId(doc, 'protocol-note')!.getAttribute('role')).to.equal('alert');
    expect(doc.querySelectorAll('[data-testid="protocol"]').length, 'nothing kept from the tampered file').to.equal(1);
    await screenshotElement('protocols-settings', byTestId(doc, 'settings-dialog')!);
    click(byTestId(doc, 'profile-save'), 'Save');

    click(byTestId(doc, 'open-demo'), 'Open the demo case');
    click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
    click(await waitFor('the Setup section', () => byTestId(doc, 'plan-tab-setup'), LONG), 'Setup section');
    click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
    await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
    click(byTestId(doc, 'plan-tab-staging'), 'Staging section');
    const standing = await waitFor('the protocol standing', () => byTestId<HTMLElement>(doc, 'protocol-standing'), LONG);
    expect(standing.dataset.state).to.equal('none');
    const select = byTestId<HTMLSelectElement>(doc, 'protocol-choose')!;
    select.value = 'north-adult';
    select.dispatchEvent(new (doc.defaultView as Window & typeof globalThis).Event('change', { bubbles: true }));
    click(byTestId(doc, 'protocol-apply'), 'Stage under it');
    await waitFor('the plan under version 1', () => byTestId(doc, 'protocol-standing')?.dataset.state === 'current');
    expect(byTestId(doc, 'protocol-standing')!.textContent).to.contain('Staged under North adult standard, version 1 (current)');

    await importProtocol(doc, 'north-adult-standard-v2.protocol.json', file2, 'Imported North adult standard version 2');
    click(byTestId(doc, 'profile-save'), 'Save');
    const older = await waitFor('the plan said to be under an older version', () => byTestId(doc, 'protocol-standing')?.dataset.state === 'older-version' && byTestId(doc, 'protocol-standing'));
    expect(older.textContent).to.contain('Staged under North adult standard version 1; version 2 is current.');
    const card = older.closest('details')!;
    card.scrollIntoView({ block: 'start' });
    await animationFrames(doc, 2);
    await screenshotElement('protocol-older-version', card);
    click(byTestId(doc, 'protocol-restage'), 'Re-stage under version 2');
    await waitFor('the plan under version 2', () => byTestId(doc, 'protocol-standing')?.dataset.state === 'current');
    expect(byTestId(doc, 'protocol-standing')!.textContent).to.contain('version 2 (current)');
    await waitFor('10 days per aligner', () => doc.body.textContent?.includes('10 days per aligner'), LONG);
    card.scrollIntoView({ block: 'start' });
    await animationFrames(doc, 2);
    await screenshotElement('protocol-restaged', card);

    // Sending it to the doctor runs the protocol's QA checklist: the demo case has no photographs or radiographs.
    const downloads = keepDownloads(appFrame());
    click(byTestId(doc, 'share-export'), 'Export package');
    const gate = await waitFor('the QA gate', () => byTestId<HTMLDialogElement>(doc, 'qa-gate-dialog')?.open && byTestId(doc, 'qa-gate-dialog'), LONG);
    const failures = [...gate.querySelectorAll('[data-testid="qa-failure"]')].map((li) => li.textContent ?? '');
    expect(failures.some((f) => f.startsWith('Missing records: ') && f.includes('panoramic radiograph')), failures.join(' | ')).to.equal(true);
    expect(gate.textContent).to.contain('QA: the plan does not pass North adult standard version 2');
    click(byTestId(doc, 'qa-override'), 'Send anyway');
    expect((await waitFor('the reason asked for', () => byTestId(doc, 'qa-override-problem'))).textContent).to.contain('needs a reason');
    expect(downloads.length, 'nothing sent without a reason').to.equal(0);
    await screenshotElement('qa-gate-dialog', gate);
    const reason = byTestId<HTMLTextAreaElement>(doc, 'qa-override-reason')!;
    reason.value = 'Photographs and panoramic taken today, uploaded with the next revision';
    reason.dispatchEvent(new (doc.defaultView as Window & typeof globalThis).Event('input', { bubbles: true }));
    click(byTestId(doc, 'qa-override'), 'Send anyway');
    await waitFor('the package downloaded', () => downloads.length === 1, LONG);
    expect(downloads[0].name).to.match(/\.aligner$/);
    await waitFor('the case in doctor review', () => byTestId<HTMLSelectElement>(doc, 'case-status')?.value === 'doctor-review', LONG);
  });
});
