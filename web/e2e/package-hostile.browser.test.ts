// Plan packages that must not be believed, opened as a user opens them (Open package in the
// built studio): a byte changed inside one entry, a package from a newer studio, an audit
// event rewritten by someone who also fixed the manifest's hash, and an encrypted file with the
// wrong key. Each is refused in one message naming the file and the problem, and the library
// in IndexedDB is exactly as it was (empty). A good package then opens in review.
import { expect } from 'chai';
import { writePackage } from '../exchange/package-write.ts';
import { encryptPackage } from '../exchange/package-crypto.ts';
import { demoPackageContents, editJson, rezip } from '../exchange/fixtures/package.ts';
import { allByTestId, byTestId, click, deleteDatabase, loadApp, screenshotPage, storedRecords, uploadFiles, waitFor } from './harness.ts';
import { hostFile, profileAs } from './review-page.ts';

const LONG = 90_000;

/** Opens `name` (written with `bytes`) through Open package and returns the message that names it. */
async function open(doc: Document, name: string, bytes: Uint8Array): Promise<string> {
  const { path } = await hostFile(name, bytes);
  const before = allByTestId(doc, 'toast').filter((t) => t.textContent?.includes(name)).length;
  await uploadFiles('open-package-input', [path]);
  const toast = await waitFor(`the answer to ${name}`, () => allByTestId(doc, 'toast').filter((t) => t.textContent?.includes(name))[before], LONG);
  return toast.textContent ?? '';
}

describe('Opening a hostile plan package', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('is refused in words naming the file and the problem, and nothing is stored; a good one opens in review', async function () {
    this.timeout(300_000);
    const doc = await loadApp();
    // Opening names who opened it: the profile is asked for once.
    await profileAs(doc, 'Dr Ana Ruiz', 'doctor');

    const good = await writePackage(await demoPackageContents());
    // One digit of a movement changed, the size kept: only the entry's hash can tell.
    const flipped = rezip(good, (files) => {
      const b = files['plans/working.json'].slice();
      const i = b.findIndex((c, k) => k > b.length / 2 && c >= 48 && c <= 57);
      b[i] = b[i] === 57 ? 48 : b[i] + 1;
      files['plans/working.json'] = b;
    });
    const flippedText = await open(doc, 'flipped.aligner', flipped);
    expect(flippedText, flippedText).to.match(/flipped\.aligner has been altered since it was exported: plans\/working\.json does not match its recorded hash\. Nothing was (changed|stored)\./);

    // The same file dropped anywhere on the studio opens (and is refused) the same way.
    const win = doc.defaultView as Window & typeof globalThis;
    const dropped = new win.DataTransfer();
    dropped.items.add(new win.File([flipped as Uint8Array<ArrayBuffer>], 'dropped.aligner'));
    doc.querySelector('main')!.dispatchEvent(new win.DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dropped }));
    const droppedText = await waitFor('the answer to the dropped file', () => allByTestId(doc, 'toast').find((t) => t.textContent?.includes('dropped.aligner'))?.textContent, LONG);
    expect(droppedText).to.contain('dropped.aligner has been altered since it was exported');

    const newer = rezip(good, (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), version: 4 })));
    expect(await open(doc, 'newer.aligner', newer)).to.contain('newer.aligner was made by a newer Aligner Studio (package version 4; this studio reads version 3)');

    const forged = rezip(good, (files) => editJson(files, 'audit.json', (events) => (events as { summary: string }[])
      .map((e, i) => (i === 1 ? { ...e, summary: 'Nothing happened here' } : e))), true);
    expect(await open(doc, 'forged.aligner', forged)).to.match(/forged\.aligner.*Event 2/);

    // Encrypted, opened from disk: the key is asked for; a wrong one is refused in words.
    const sealed = await encryptPackage(good);
    const { path } = await hostFile('sealed.aligner', sealed.bytes);
    await uploadFiles('open-package-input', [path]);
    const keyInput = await waitFor('the key prompt', () => byTestId<HTMLInputElement>(doc, 'package-key-input'), LONG);
    keyInput.value = 'A'.repeat(43);
    keyInput.dispatchEvent(new Event('input', { bubbles: true }));
    click(byTestId(doc, 'package-key-submit'), 'Open');
    const wrong = await waitFor('the wrong key said in the prompt', () => doc.querySelector('.key-prompt .share-problem'), LONG);
    expect(wrong.textContent).to.contain('does not open sealed.aligner');
    await screenshotPage('package-hostile-wrong-key');

    expect(await storedRecords('cases'), 'nothing stored by any refusal').to.deep.equal([]);
    expect(await storedRecords('plans')).to.deep.equal([]);

    // The question stays open: the right key (pasted as the whole link) opens the case, in review (a doctor's profile).
    const keyAgain = byTestId<HTMLInputElement>(doc, 'package-key-input')!;
    keyAgain.value = `http://localhost/#package=https%3A%2F%2Ffiles.example.org%2Fsealed.aligner&key=${sealed.key}`;
    keyAgain.dispatchEvent(new Event('input', { bubbles: true }));
    click(byTestId(doc, 'package-key-submit'), 'Open');
    await waitFor('the case in review', () => byTestId(doc, 'review-view'), LONG).catch((e: Error) => {
      throw new Error(`${e.message}; the studio shows: ${doc.body.innerText.replace(/\s+/g, ' ').slice(0, 600)}`);
    });
    expect((await storedRecords('cases')).length).to.equal(1);
  });
});
