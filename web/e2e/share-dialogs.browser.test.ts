// The two dialogs a planner meets getting a plan out, in the built studio: Settings (name and
// role, the clinic's doctor keys) and the share link (encrypted file downloaded, where it will
// be hosted, the link with its key after "#"). A plain-http address on another computer is
// refused in words before any link is made.
import { expect } from 'chai';
import { byTestId, choose, click, deleteDatabase, loadApp, screenshotElement, waitFor } from './harness.ts';

const DOCTOR_FP = '3f2a91c0'.repeat(8);

describe('Settings and the share-link dialog', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('sets the profile and a known doctor key, then makes a share link for the demo case', async () => {
    const doc = await loadApp();
    click(byTestId(doc, 'settings-open'), 'the Settings button');
    const dialog = await waitFor('the Settings dialog', () => byTestId<HTMLDialogElement>(doc, 'settings-dialog')?.open && byTestId(doc, 'settings-dialog'));
    choose(byTestId<HTMLInputElement>(doc, 'profile-name'), 'Sam Patel', 'the name field', ['input']);
    choose(byTestId<HTMLSelectElement>(doc, 'profile-role'), 'planner', 'the role');
    choose(byTestId<HTMLInputElement>(doc, 'known-key-name'), 'Dr Ana Ruiz', 'the key owner field', ['input']);
    choose(byTestId<HTMLInputElement>(doc, 'known-key-fingerprint'), DOCTOR_FP.slice(0, 32).toUpperCase().replace(/(.{4})/g, '$1 ').trim(), 'the fingerprint field', ['input']);
    click(byTestId(doc, 'known-key-add'), 'Add key');
    await waitFor('the key listed', () => byTestId(doc, 'known-key')?.textContent?.includes('Dr Ana Ruiz'));
    expect(byTestId(doc, 'known-key')!.textContent).to.contain('3F2A 91C0 3F2A 91C0');
    await screenshotElement('settings-dialog', dialog);
    click(byTestId(doc, 'profile-save'), 'Save');
    await waitFor('the header naming the planner', () => byTestId(doc, 'settings-open')?.textContent?.includes('Sam Patel'));
    expect(byTestId(doc, 'settings-open')!.textContent).to.contain('Planner');
    await screenshotElement('studio-header', doc.querySelector('.studio-header')!);

    click(byTestId(doc, 'open-demo'), 'Open the demo case');
    click(await waitFor('the Share link button', () => byTestId(doc, 'share-link'), 120_000), 'Share link');
    const url = await waitFor('the hosting address field', () => byTestId<HTMLInputElement>(doc, 'share-link-url-input'), 60_000);
    choose(url, 'http://files.example.org/demo.aligner', 'the address', ['input']);
    const refused = await waitFor('the refusal', () => byTestId(doc, 'share-link-dialog')?.querySelector('.share-problem'));
    expect(refused.textContent).to.match(/not secure \(http:\/\/files\.example\.org\)/);
    expect(byTestId(doc, 'share-link-output')).to.equal(null);

    choose(url, 'https://files.example.org/north/demo.aligner', 'the address', ['input']);
    const link = await waitFor('the link', () => byTestId<HTMLInputElement>(doc, 'share-link-output'));
    expect(link.value).to.match(/#package=https%3A%2F%2Ffiles\.example\.org%2Fnorth%2Fdemo\.aligner&key=[A-Za-z0-9_-]{43}$/);
    expect(byTestId(doc, 'share-link-dialog')!.textContent).to.contain('browsers never send to a server: the host only ever sees ciphertext');
    await screenshotElement('share-link-dialog', byTestId(doc, 'share-link-dialog')!);
    click(byTestId(doc, 'share-link-close'), 'Close');
    await waitFor('the dialog gone', () => !byTestId(doc, 'share-link-dialog'));
  });
});
