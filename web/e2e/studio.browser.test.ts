// The studio end to end, as a user meets it: first run with the demo case, import of the
// real scan through the file input, reload. Offline: offline.browser.test.ts.
import { expect } from 'chai';
import {
  allByTestId, byTestId, click, deleteDatabase, loadApp, screenshotElement, screenshotPage, uploadFiles, waitFor,
} from './harness.ts';
import { describeAdapter } from '../engine/select.ts';

const REAL_STL = '../shared/data/scans/upper-arch-01/upper.stl';

function drawnArches(doc: Document): string {
  return byTestId(doc, 'viewport')?.getAttribute('data-arches') ?? '';
}

/** A closed box as ASCII STL, sized in whatever unit the numbers are read in. */
function boxStl(x: number, y: number, z: number): string {
  const v = (i: number) => [i & 1 ? x : 0, i & 2 ? y : 0, i & 4 ? z : 0].join(' ');
  const faces = [[0, 2, 1], [1, 2, 3], [4, 5, 6], [5, 7, 6], [0, 1, 4], [1, 5, 4], [2, 6, 3], [3, 6, 7], [0, 4, 2], [2, 4, 6], [1, 3, 5], [3, 7, 5]];
  const body = faces.map((f) => `facet normal 0 0 0\nouter loop\n${f.map((i) => `vertex ${v(i)}`).join('\n')}\nendloop\nendfacet`).join('\n');
  return `solid box\n${body}\nendsolid box\n`;
}

describe('Aligner Studio end to end', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('opens the demo case with one click on first run, teeth numbered', async () => {
    const doc = await loadApp();
    expect(doc.title).to.match(/Aligner Studio/);
    expect(allByTestId(doc, 'case-row')).to.have.length(0);
    click(byTestId(doc, 'open-demo'), 'the demo button on an empty library');
    await waitFor('both demo arches in the viewport', () => drawnArches(doc) === 'upper,lower', 120_000);
    await waitFor('28 tooth labels', () => allByTestId(doc, 'tooth-label').length === 28);
    const shot = await screenshotElement('demo-viewport', byTestId(doc, 'viewport')!);
    expect(shot.differingFraction, 'viewport is not blank').to.be.greaterThan(0.08);
    expect(shot.distinctColours, 'shaded, not flat').to.be.greaterThan(200);
    await screenshotPage('demo-page');
  });

  it('says which engine backend runs, and shows or hides each arch', async () => {
    const doc = await loadApp();
    // This Chromium's WebGPU adapter renders in software: the gate picks WASM and says so (a
    // real GPU would get WebGPU); the setting forces WebGPU, and back to automatic.
    const software = describeAdapter((await navigator.gpu.requestAdapter())!).software;
    const backend = (want: string) => waitFor(`the engine on ${want}`, () => byTestId(doc, 'engine-state')?.getAttribute('data-backend') === want, 60_000);
    await backend(software ? 'wasm' : 'webgpu');
    expect(byTestId(doc, 'engine-label')?.textContent).to.equal(software ? 'Engine: WASM (no hardware GPU)' : 'Engine: WebGPU');
    const choose = (value: string) => {
      const select = byTestId<HTMLSelectElement>(doc, 'engine-select')!;
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    choose('webgpu');
    await backend('webgpu');
    expect(byTestId(doc, 'engine-label')?.textContent).to.equal('Engine: WebGPU (forced)');
    choose('auto');
    await backend(software ? 'wasm' : 'webgpu');
    click(allByTestId(doc, 'case-row')[0], 'the demo case row');
    await waitFor('both arches drawn', () => drawnArches(doc) === 'upper,lower', 120_000);
    click(byTestId(doc, 'show-lower'), 'the lower arch toggle');
    await waitFor('only the upper arch drawn', () => drawnArches(doc) === 'upper');
    click(byTestId(doc, 'show-lower'), 'the lower arch toggle');
    await waitFor('both arches again', () => drawnArches(doc) === 'upper,lower');
    click(byTestId(doc, 'view-occlusal-lower'), 'the occlusal lower view');
    await waitFor('the occlusal lower view showing the lower arch alone', () => drawnArches(doc) === 'lower');
    await screenshotElement('demo-occlusal-lower', byTestId(doc, 'viewport')!);
    click(byTestId(doc, 'view-front'), 'the front view');
    await waitFor('both arches in the front view', () => drawnArches(doc) === 'upper,lower');
  });

  it('imports the real STL through the file input into a new case and draws it', async () => {
    const doc = await loadApp();
    click(byTestId(doc, 'new-case'), 'new case button');
    await waitFor('a scan input in the new case', () => byTestId(doc, 'scan-input'));
    await uploadFiles('scan-input', [REAL_STL]);
    const row = await waitFor('the parsed arch', () => byTestId(doc, 'pending-arch'), 120_000);
    expect(row.textContent).to.contain('upper.stl');
    expect(row.textContent?.replace(/[,\s]/g, '')).to.contain('99999');
    const jaw = row.querySelector<HTMLSelectElement>('[data-testid="jaw-select"]');
    expect(jaw?.value, 'jaw guessed from the file name').to.equal('upper');
    click(byTestId(doc, 'import-confirm'), 'Add to case');
    await waitFor('the upper arch in the viewport', () => drawnArches(doc) === 'upper', 120_000);
    const shot = await screenshotElement('real-scan-viewport', byTestId(doc, 'viewport')!);
    expect(shot.differingFraction, 'viewport is not blank').to.be.greaterThan(0.05);
    await screenshotPage('real-scan-page');
  });

  it('explains bad files dropped on the records panel, stores nothing, and offers a units conversion', async () => {
    const doc = await loadApp();
    click(byTestId(doc, 'new-case'), 'new case button');
    const records = await waitFor('the records panel', () => doc.querySelector('section.records'));
    const win = doc.defaultView!;
    const truncated = new Uint8Array(84 + 50 * 3);
    new DataView(truncated.buffer).setUint32(80, 1000, true); // says 1000 triangles, holds 3
    const drop = new win.DataTransfer();
    drop.items.add(new win.File([truncated], 'broken-upper.stl'));
    drop.items.add(new win.File([boxStl(0.07, 0.05, 0.02)], 'lower-in-metres.stl'));
    records.dispatchEvent(new win.DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
    const errors = await waitFor('two import errors', () => allByTestId(doc, 'import-error').length === 2 && allByTestId(doc, 'import-error'));
    const text = errors.map((e) => e.textContent ?? '').join(' | ');
    expect(text).to.contain('broken-upper.stl');
    expect(text).to.match(/truncated/i);
    expect(text).to.contain('lower-in-metres.stl');
    expect(allByTestId(doc, 'pending-arch')).to.have.length(0);
    expect(doc.querySelectorAll('.arch-record .muted')).to.have.length(2); // both arches: "No scan yet"
    click(byTestId(doc, 'convert-units'), 'the convert-from-metres offer');
    const row = await waitFor('the converted arch', () => byTestId(doc, 'pending-arch'));
    expect(row.textContent).to.contain('lower-in-metres.stl');
    await screenshotPage('bad-input');
    // The new case stays in the library (3 cases now) but holds no scan.
  });

  it('finds the cases again after a reload (real IndexedDB)', async () => {
    const doc = await loadApp();
    const rows = await waitFor('three cases in the library', () => allByTestId(doc, 'case-row').length === 3 && allByTestId(doc, 'case-row'));
    const names = rows.map((r) => r.textContent ?? '');
    expect(names.some((n) => /demo/i.test(n)), `a demo case among ${names.join(' | ')}`).to.equal(true);
    const imported = rows[rows.length - 2]; // newest first: empty case, imported case, demo
    click(imported, 'the imported case row');
    await waitFor('the stored upper arch drawn again', () => drawnArches(doc) === 'upper', 120_000);
  });

  it('deletes a case only after confirmation, and Undo brings it back with its scan', async () => {
    const doc = await loadApp();
    await waitFor('three cases', () => allByTestId(doc, 'case-row').length === 3);
    click(allByTestId(doc, 'case-row')[1], 'the imported case row');
    await waitFor('its arch drawn', () => drawnArches(doc) === 'upper', 120_000);
    click(byTestId(doc, 'delete-case'), 'Delete');
    await waitFor('the confirmation', () => byTestId(doc, 'confirm-delete'));
    expect(allByTestId(doc, 'case-row'), 'nothing deleted before confirming').to.have.length(3);
    click(byTestId(doc, 'confirm-delete'), 'confirm');
    await waitFor('the case gone', () => allByTestId(doc, 'case-row').length === 2);
    click(await waitFor('the undo offer', () => byTestId(doc, 'undo-delete')), 'Undo');
    await waitFor('the case back', () => allByTestId(doc, 'case-row').length === 3);
    const back = allByTestId(doc, 'case-row').find((r) => !/demo/i.test(r.textContent ?? '') && r !== allByTestId(doc, 'case-row')[0]);
    click(back ?? allByTestId(doc, 'case-row')[1], 'the restored case');
    await waitFor('its scan drawn again', () => drawnArches(doc) === 'upper', 120_000);
  });
});
