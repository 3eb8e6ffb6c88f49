// Restoring hostile backups through the studio's own file input (issue #9, item 6): the
// files in web/store/repro are read in the backup worker of the built app; each refusal is
// one message naming the file and the problem, saying once that nothing was changed, and the
// library in IndexedDB is exactly as it was. A backup whose plan cannot be read restores
// its case and says which plan was left out.
import { expect } from 'chai';
import { allByTestId, byTestId, deleteDatabase, loadApp, screenshotPage, storedRecords, uploadFiles, waitFor } from './harness.ts';

const REPRO = 'web/store/repro';

/** Everything stored, read from the studio's own database in this origin. */
async function storedLibrary(): Promise<string> {
  const blobs = await storedRecords<{ id: string; caseId: string; kind: string; size: number; bytes: ArrayBuffer }>('blobs');
  return JSON.stringify({
    cases: await storedRecords('cases'),
    blobs: blobs.map(({ bytes, ...rest }) => ({ ...rest, length: bytes.byteLength })),
    plans: await storedRecords('plans'),
  });
}

function toastsNaming(doc: Document, file: string): HTMLElement[] {
  return allByTestId(doc, 'toast').filter((t) => t.textContent?.includes(file));
}

/** Restores `file` through the Restore backup input and returns the toast that names it. */
async function restore(doc: Document, file: string): Promise<HTMLElement> {
  const before = toastsNaming(doc, file).length;
  await uploadFiles('backup-restore-input', [`${REPRO}/${file}`]);
  const toast = await waitFor(`the answer to ${file}`, () => toastsNaming(doc, file)[before]);
  await waitFor('the restore to finish', () => !byTestId<HTMLInputElement>(doc, 'backup-restore-input')?.disabled);
  return toast;
}

describe('Restoring a hostile backup', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('is refused with one clear message and leaves the library unchanged; a newer plan is left out and named', async () => {
    const doc = await loadApp();

    const restored = await restore(doc, 'newer-plan.zip');
    expect(restored.getAttribute('role')).to.equal('status');
    expect(restored.textContent).to.match(/Backup restored from newer-plan\.zip: 1 added/);
    expect(restored.textContent).to.match(/1 plan was left out because it could not be read \(the working plan of P-101: it was saved by a newer Aligner Studio/);
    const library = await storedLibrary();
    expect(JSON.parse(library).cases).to.have.length(1);

    for (const [file, problem] of [
      ['declared-1.5GB-scan.zip', /would unpack to 1\.5 GB, more than the 256 MB a stored scan may be/],
      ['lying-header.zip', /unpacks to more than the 1000 bytes its header declares/],
      ['random-bytes-scan.zip', /the upper scan of case "P-101" is not a stored scan/],
      ['shared-blob.zip', /the upper scan of case "P-101" and the lower scan of case "P-101" are the same stored file/],
    ] as const) {
      const toast = await restore(doc, file);
      expect(toast.getAttribute('role'), file).to.equal('alert');
      const text = toast.querySelector('.toast-message')!.textContent!;
      expect(text, file).to.match(new RegExp(`^${file.replace(/\./g, '\\.')} `));
      expect(text, file).to.match(problem);
      expect(text.match(/Nothing was (changed|restored)/g), file).to.have.length(1);
      expect(await storedLibrary(), file).to.equal(library);
    }
    await screenshotPage('backup-refused');
  });
});
