// Issue #9's hostile files (web/geometry/import/repro) dropped all at once on a new case of
// the built studio: one message per file naming it, nothing waiting to be added, nothing
// stored (the case still has no scan after a reload), and the tab's memory still small.
import { expect } from 'chai';
import { allByTestId, byTestId, click, loadApp, screenshotPage, waitFor } from './harness.ts';
import { reproFiles } from '../geometry/import/repro/files.ts';

/** Served raw by .config/wtr.config.mjs: under /web/... the dev server would re-encode the UTF-16 file. */
const REPRO_URL = '/__repro__/';
const MAX_LABEL_BYTES = 64 * 1024 * 1024;

/** Just over the label cap, and valid JSON if anyone parsed it: a list of 33 million zeros. */
function oversizedLabels(): Uint8Array<ArrayBuffer> {
  const size = MAX_LABEL_BYTES + 1;
  const bytes = new Uint8Array(size).fill(32);
  const head = new TextEncoder().encode('{"jaw": "upper", "labels": [0');
  bytes.set(head);
  let at = head.length;
  for (; at + 4 < size; at += 2) { bytes[at] = 44; bytes[at + 1] = 48; }
  bytes.set([93, 125], at);
  return bytes;
}

function emptyArchRecords(doc: Document): number {
  return [...doc.querySelectorAll('.arch-record')].filter((r) => /No scan yet/.test(r.textContent ?? '')).length;
}

/** The app tab's JS heap, where Chromium reports it (performance.memory is non-standard). */
function usedHeapMb(win: Window): number | null {
  const memory = (win.performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize / (1024 * 1024) : null;
}

describe('hostile scan files dropped on a new case', () => {
  const recipes = reproFiles();
  let caseId = '';

  it('each is refused with a message naming it; nothing is pending or stored', async () => {
    const doc = await loadApp();
    const before = new Set(allByTestId(doc, 'case-row').map((r) => r.dataset.caseId));
    click(byTestId(doc, 'new-case'), 'the new case button');
    const records = await waitFor('the records panel', () => doc.querySelector('section.records'));
    const row = await waitFor('the new case in the library', () => allByTestId(doc, 'case-row').find((r) => !before.has(r.dataset.caseId)));
    caseId = row.dataset.caseId!;
    const win = doc.defaultView!;
    const drop = new win.DataTransfer();
    for (const recipe of recipes) {
      const response = await fetch(REPRO_URL + recipe.name);
      expect(response.status, `${recipe.name} is served`).to.equal(200);
      drop.items.add(new win.File([await response.arrayBuffer()], recipe.name));
    }
    drop.items.add(new win.File([oversizedLabels()], 'labels-over-cap.json'));
    const names = [...recipes.map((r) => r.name), 'labels-over-cap.json'];
    records.dispatchEvent(new win.DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));

    const errors = await waitFor(`${names.length} import errors and the import finished`, () => {
      const shown = allByTestId(doc, 'import-error');
      return shown.length >= names.length && !byTestId(doc, 'import-progress') && shown;
    }, 120_000);
    const texts = errors.map((e) => e.querySelector('p')?.textContent ?? '');
    expect(texts, texts.join('\n')).to.have.length(names.length);
    for (const recipe of recipes) {
      const mine = texts.filter((t) => t.startsWith(`${recipe.name}: `));
      expect(mine, `one message for ${recipe.name} in:\n${texts.join('\n')}`).to.have.length(1);
      expect(mine[0]).to.match(recipe.message);
    }
    const labels = texts.filter((t) => t.startsWith('labels-over-cap.json: '));
    expect(labels).to.have.length(1);
    expect(labels[0]).to.match(/the label file is 67,108,865 bytes, more than the 67,108,864 bytes any label file may have/);
    for (const t of texts) expect(t, 'plain words').not.to.match(/typed array|RangeError|undefined|Infinity/);

    expect(allByTestId(doc, 'pending-arch'), 'nothing waiting to be added').to.have.length(0);
    expect(byTestId(doc, 'import-confirm'), 'no "Add to case"').to.equal(null);
    expect(emptyArchRecords(doc), 'both arches: "No scan yet"').to.equal(2);
    const heap = usedHeapMb(win);
    expect(heap, 'Chromium reports the tab\'s JS heap').to.not.equal(null);
    expect(heap!, 'the tab\'s JS heap after the drop, MB').to.be.lessThan(512);
    await screenshotPage('repro-import-errors');
  });

  it('after a reload the case is still empty', async () => {
    const doc = await loadApp();
    expect(caseId, 'the first test made a case').not.to.equal('');
    const row = await waitFor('the case the drop went to', () => allByTestId(doc, 'case-row').find((r) => r.dataset.caseId === caseId));
    click(row, 'that case');
    await waitFor('its records', () => doc.querySelectorAll('.arch-record').length === 2);
    // The arch summaries appear once the record has loaded; give the viewport its signal too.
    await waitFor('the case view settled', () => byTestId(doc, 'viewport') !== null);
    expect(emptyArchRecords(doc), 'both arches: "No scan yet"').to.equal(2);
    expect(byTestId(doc, 'viewport')?.getAttribute('data-arches') ?? '', 'no arch drawn').to.equal('');
    expect(allByTestId(doc, 'import-error'), 'the messages were not stored either').to.have.length(0);
  });
});
