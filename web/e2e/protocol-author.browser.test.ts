// A DSO lead writes a protocol in the studio (issue 16): Settings, New protocol, a limit, an
// attachment rule, the required records and the QA checklist changed, signed with a key made
// from a passphrase typed twice; the protocol is kept here verified (the lead's key joins the
// clinic's list) and downloaded as a file any clinic can check. Then version 2 of it, signed
// with the same key. Screenshots of the editor are looked at.
import { expect } from 'chai';
import { readProtocolFile } from '../exchange/protocol-file.ts';
import { allByTestId, appFrame, byTestId, choose, click, deleteDatabase, loadApp, screenshotElement, waitFor } from './harness.ts';
import { keepDownloads, profileAs } from './review-page.ts';

const LEAD = 'Lee Lead';
const PASS = 'north dso lead 2026';

async function openSettings(doc: Document): Promise<void> {
  if (!byTestId<HTMLDialogElement>(doc, 'settings-dialog')?.open) click(byTestId(doc, 'settings-open'), 'the Settings button');
  await waitFor('the Settings dialog', () => byTestId<HTMLDialogElement>(doc, 'settings-dialog')?.open);
}

const editor = (doc: Document) => byTestId<HTMLDialogElement>(doc, 'protocol-editor');
const field = (doc: Document, id: string) => byTestId<HTMLInputElement>(doc, id);

describe('A DSO lead writing a protocol in the studio', () => {
  before(async () => deleteDatabase('aligner-studio'));

  it('writes, signs and downloads version 1, then version 2 with the same key', async function () {
    this.timeout(300_000);
    const doc = await loadApp();
    const downloads = keepDownloads(appFrame());
    await profileAs(doc, LEAD, 'lead');
    await openSettings(doc);

    click(byTestId(doc, 'protocol-new'), 'New protocol');
    await waitFor('the protocol editor', () => editor(doc)?.open);
    choose(field(doc, 'author-name'), 'North adult standard', 'the name', ['input']);
    choose(field(doc, 'author-rotation'), '1.5', 'the rotation limit');
    choose(field(doc, 'author-tip'), '-3', 'a negative tip limit');
    await waitFor('the refused value explained', () => byTestId(doc, 'author-problem'));
    expect(field(doc, 'author-tip')!.value, 'the old value put back').to.equal('2');
    choose(field(doc, 'author-rule-rotation-threshold'), '4', 'the rotation attachment threshold');
    click(byTestId(doc, 'author-record-cephalometric'), 'the cephalogram as a required record');
    click(byTestId(doc, 'author-qa-sanity-checks'), 'the sanity checks off');
    choose(field(doc, 'author-passphrase'), PASS, 'the passphrase', ['input']);
    choose(field(doc, 'author-passphrase-again'), PASS, 'the passphrase again', ['input']);
    await screenshotElement('protocol-author-v1', editor(doc)!);
    click(byTestId(doc, 'author-sign'), 'Sign and download');

    const outcome = await waitFor('the signed protocol', () => byTestId(doc, 'author-outcome'), 120_000);
    expect(outcome.getAttribute('role'), outcome.textContent ?? '').to.equal('status');
    expect(outcome.textContent).to.contain('Imported North adult standard version 1 (verified: signed by Lee Lead)');
    const file = await waitFor('the protocol file downloaded', () => downloads.find((d) => d.name === 'north-adult-standard-v1.protocol.json'));
    outcome.scrollIntoView({ block: 'end' });
    await screenshotElement('protocol-author-signed', editor(doc)!);
    click(byTestId(doc, 'author-close'), 'Done');
    await waitFor('the editor closed', () => !editor(doc));

    // The file as another clinic reads it: signed by this key, the document as written.
    const key = await waitFor('the known key listed', () => byTestId<HTMLElement>(doc, 'known-key'));
    const read = await readProtocolFile(file.bytes, file.name, [{ name: LEAD, fingerprint: key.dataset.fingerprint!, addedAt: 0 } as never]);
    expect(read.trust).to.equal('verified');
    expect(read.document.settings.limits.rotation).to.equal(1.5);
    expect(read.document.settings.limits.tip).to.equal(2);
    expect(read.document.settings.attachments.rotation.threshold).to.equal(4);
    expect(read.document.requiredRecords).to.include('cephalometric');
    expect(read.document.qaChecklist.find((c) => c.id === 'sanity-checks')?.enabled).to.equal(false);
    const listed = await waitFor('the protocol listed', () => byTestId(doc, 'protocol'));
    expect(listed.textContent).to.contain('North adult standard, version 1');
    expect(listed.textContent).to.contain('verified: Lee Lead');

    click(byTestId(doc, 'protocol-revise'), 'New version');
    await waitFor('the editor for version 2', () => editor(doc)?.open);
    expect(editor(doc)!.querySelector('h2')!.textContent).to.equal('North adult standard: version 2');
    expect(field(doc, 'author-rotation')!.value, 'version 2 starts from version 1').to.equal('1.5');
    expect(field(doc, 'author-passphrase-again'), 'the key exists: one passphrase').to.equal(null);
    choose(field(doc, 'author-wearDays'), '10', 'the wear days');
    choose(field(doc, 'author-passphrase'), PASS, 'the passphrase', ['input']);
    click(byTestId(doc, 'author-sign'), 'Sign and download');
    await waitFor('version 2 signed', () => byTestId(doc, 'author-outcome')?.textContent?.includes('version 2'), 120_000);
    await waitFor('version 2 downloaded', () => downloads.find((d) => d.name === 'north-adult-standard-v2.protocol.json'));
    click(byTestId(doc, 'author-close'), 'Done');
    await waitFor('both versions listed', () => allByTestId(doc, 'protocol').length === 2);
    expect(allByTestId(doc, 'protocol-revise').length, 'only the newest version is revised').to.equal(1);
    await screenshotElement('protocol-author-list', byTestId(doc, 'settings-dialog')!);
  });
});
