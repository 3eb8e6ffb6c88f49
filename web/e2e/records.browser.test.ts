// Records beyond scans (#16 item 2), as a planner meets them: on the demo case, add a PNG
// photo and a generated uncompressed DICOM panoramic (seed 16), tag them, see their
// thumbnails, open each in the viewer (Escape closes it), read the required-records checklist
// (the scans present, the rest of the photo series missing), and then open another case:
// none of the demo's records, and its own checklist. Screenshots go to .wtr-out.
import { expect } from 'chai';
import { writeDicom } from '../exchange/fixtures/dicom-writer.ts';
import { allByTestId, byTestId, choose, click, deleteDatabase, loadApp, screenshotElement, waitFor } from './harness.ts';

const LONG = 120_000;

/** A 320 × 240 "photo": a face-ish oval on a coloured background, as PNG. */
async function photoPng(): Promise<ArrayBuffer> {
  const canvas = new OffscreenCanvas(320, 240);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#6fa8dc';
  ctx.fillRect(0, 0, 320, 240);
  ctx.fillStyle = '#f1c9a5';
  ctx.beginPath();
  ctx.ellipse(160, 120, 70, 95, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(125, 160, 70, 16);
  return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}

/** Puts files on a file input of the app and fires its change, as choosing them would. */
function chooseFiles(doc: Document, testId: string, files: { name: string; bytes: ArrayBuffer; type: string }[]): void {
  const win = doc.defaultView as Window & typeof globalThis;
  const input = byTestId<HTMLInputElement>(doc, testId);
  if (!input) throw new Error(`no ${testId}`);
  const dt = new win.DataTransfer();
  for (const f of files) dt.items.add(new win.File([f.bytes], f.name, { type: f.type }));
  input.files = dt.files;
  input.dispatchEvent(new win.Event('change', { bubbles: true }));
}

const checklist = (doc: Document) => Object.fromEntries(allByTestId(doc, 'checklist-item').map((li) => [li.dataset.kind!, li.dataset.present === 'true']));

describe('Records beyond scans', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('a photo and a DICOM radiograph (seed 16) on the demo case: tagged, thumbnails, viewer, checklist; another case shows none', async function () {
    this.timeout(600_000);
    const doc = await loadApp();
    click(byTestId(doc, 'open-demo'), 'the demo button');
    const panel = await waitFor('the records section', () => byTestId(doc, 'case-records'), LONG);
    await waitFor('the demo scans in the checklist', () => checklist(doc)['upper-scan'] === true && checklist(doc)['lower-scan'] === true, LONG);
    expect(checklist(doc).panoramic).to.equal(false);

    // A file that is not what its name says is refused, naming it; nothing waits to be added.
    chooseFiles(doc, 'record-input', [{ name: 'broken.png', bytes: new TextEncoder().encode('not a png').buffer as ArrayBuffer, type: 'image/png' }]);
    const refusal = await waitFor('the refusal', () => byTestId(doc, 'record-error'));
    expect(refusal.textContent).to.contain('broken.png was not added: it is named as a PNG image but its content is none of PNG, JPEG or DICOM');
    expect(byTestId(doc, 'record-pending')).to.equal(null);

    const dicom = writeDicom({ rows: 192, cols: 384, bits: 16, seed: 16, window: { center: 2048, width: 3000 }, modality: 'PX' });
    chooseFiles(doc, 'record-input', [
      { name: 'IMG_0042.png', bytes: await photoPng(), type: 'image/png' },
      { name: 'pano.dcm', bytes: dicom.buffer, type: 'application/dicom' },
    ]);
    await waitFor('two files waiting for their kind', () => allByTestId(doc, 'record-kind').length === 2);
    const [photoKind, panoKind] = allByTestId<HTMLSelectElement>(doc, 'record-kind');
    expect(panoKind.value, 'pano.dcm guessed as panoramic').to.equal('panoramic');
    expect(photoKind.value, 'an unnamed photo waits for its kind').to.equal('');
    expect(byTestId<HTMLButtonElement>(doc, 'record-add')!.disabled).to.equal(true);
    choose(photoKind, 'extraoral-smiling', 'the photo kind');
    click(byTestId(doc, 'record-add'), 'Add to case');
    await waitFor('two record cards with thumbnails', () => allByTestId(doc, 'record-card').length === 2 && allByTestId<HTMLImageElement>(doc, 'record-thumb').filter((i) => i.complete && i.naturalWidth > 0).length === 2, LONG);
    const thumbs = allByTestId<HTMLImageElement>(doc, 'record-thumb');
    expect(thumbs.map((t) => t.naturalWidth)).to.deep.equal([240, 240]);
    expect(allByTestId(doc, 'record-card').map((c) => c.dataset.kind)).to.deep.equal(['extraoral-smiling', 'panoramic']);

    // A note.
    const note = byTestId<HTMLTextAreaElement>(doc, 'record-note-text')!;
    note.value = 'Patient asks to finish before June.';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    click(byTestId(doc, 'record-note-add'), 'Add note');
    await waitFor('the note card', () => allByTestId(doc, 'record-card').length === 3);

    await waitFor('the checklist updated', () => checklist(doc).panoramic === true && checklist(doc)['extraoral-smiling'] === true);
    const list = checklist(doc);
    expect(list['extraoral-frontal']).to.equal(false);
    expect(list['intraoral-frontal']).to.equal(false);
    expect(byTestId(doc, 'record-checklist')!.textContent).to.contain('7 missing');
    // The side column scrolls: each part is brought into view before its screenshot.
    for (const [name, id] of [['records-grid', 'record-grid'], ['records-checklist', 'record-checklist']] as const) {
      const part = byTestId(doc, id)!;
      part.scrollIntoView({ block: 'center' });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await screenshotElement(name, part);
    }
    expect(panel.isConnected).to.equal(true);

    // The viewer: the DICOM as a gray image at fit size, keyboard-reachable, Escape closes.
    const open = allByTestId<HTMLButtonElement>(doc, 'record-open')[1];
    open.focus();
    expect(doc.activeElement).to.equal(open);
    open.click();
    const viewer = byTestId<HTMLDialogElement>(doc, 'record-viewer')!;
    const image = await waitFor('the radiograph shown', () => {
      const img = byTestId<HTMLImageElement>(doc, 'record-viewer-image');
      return img && img.complete && img.naturalWidth === 384 ? img : null;
    }, LONG);
    expect(viewer.open).to.equal(true);
    expect(image.getBoundingClientRect().width).to.be.greaterThan(300);
    await screenshotElement('records-viewer-dicom', viewer);
    viewer.dispatchEvent(new (doc.defaultView as Window & typeof globalThis).Event('cancel', { cancelable: true }));
    await waitFor('the viewer closed', () => !viewer.open);

    allByTestId<HTMLButtonElement>(doc, 'record-open')[0].click();
    await waitFor('the photo shown', () => {
      const img = byTestId<HTMLImageElement>(doc, 'record-viewer-image');
      return img && img.complete && img.naturalWidth === 320;
    }, LONG);
    await screenshotElement('records-viewer-photo', viewer);
    click(byTestId(doc, 'record-viewer-close'), 'Close');
    await waitFor('the viewer closed', () => !viewer.open);

    // Another case: none of the demo's records, its own checklist.
    click(byTestId(doc, 'new-case'), 'new case button');
    await waitFor('the new case\'s empty records', () => byTestId(doc, 'records-empty'), LONG);
    expect(allByTestId(doc, 'record-card')).to.have.length(0);
    await waitFor('the new case\'s checklist', () => Object.keys(checklist(doc)).length > 0);
    expect(Object.values(checklist(doc)).every((present) => !present), 'nothing present on a new case').to.equal(true);
    const other = byTestId(doc, 'record-checklist')!;
    other.scrollIntoView({ block: 'center' });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await screenshotElement('records-other-case', other);

    // Back to the demo: its records are there.
    click(allByTestId(doc, 'case-row').find((r) => /demo/i.test(r.textContent ?? ''))!, 'the demo case');
    await waitFor('the demo records again', () => allByTestId(doc, 'record-card').length === 3, LONG);
  });
});
