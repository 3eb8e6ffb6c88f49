// Per-tooth files dropped on a new case of the built studio: a set whose numbers read both
// ways (tooth_11 ... tooth_27) asks FDI or Universal before it can be added, and both jaws'
// Universal files dropped together wait as two arches, each saying how it was numbered.
import { expect } from 'chai';
import { archOrder } from '../core/fdi.ts';
import { toothSet } from '../geometry/fixtures/tooth-files.ts';
import type { InputFile } from '../geometry/import/types.ts';
import { allByTestId, byTestId, click, loadApp, screenshotPage, waitFor } from './harness.ts';

async function dropOnNewCase(doc: Document, files: InputFile[]): Promise<void> {
  click(byTestId(doc, 'new-case'), 'the new case button');
  const records = await waitFor('the records panel', () => doc.querySelector('section.records'));
  const win = doc.defaultView!;
  const drop = new win.DataTransfer();
  for (const f of files) drop.items.add(new win.File([f.bytes.slice()], f.name));
  records.dispatchEvent(new win.DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

const rowText = (doc: Document) => allByTestId(doc, 'pending-arch').map((r) => r.textContent ?? '').join(' | ');

describe('per-tooth files and their numbering', () => {
  it('an ambiguous set is asked about; Universal and back to FDI re-read it; then it is added', async () => {
    const doc = await loadApp();
    const upper = [11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27];
    await dropOnNewCase(doc, toothSet(upper, 'fdi', (n) => `tooth_${n}.stl`));
    const row = await waitFor('the pending tooth set', () => byTestId(doc, 'pending-arch'), 60_000);
    expect(row.querySelector('[data-testid="pending-numbering"]')?.textContent).to.match(/^Tooth numbers read as FDI \(11-48\) for now: /);
    const select = () => byTestId<HTMLSelectElement>(doc, 'tooth-files-numbering')!;
    expect(select().value, 'nothing chosen yet').to.equal('');
    click(byTestId(doc, 'import-confirm'), 'Add to case');
    await waitFor('the request to choose', () => /Choose FDI or Universal numbering for tooth_17\.stl/.test(doc.body.textContent ?? ''));

    choose(select(), 'universal');
    await waitFor('the set read as Universal: a lower arch', () => /Universal \(1-32\), as chosen: tooth_27\.stl is 43/.test(rowText(doc)), 60_000);
    expect(byTestId<HTMLSelectElement>(doc, 'jaw-select')?.value).to.equal('lower');
    expect(allByTestId(doc, 'import-error').map((e) => e.textContent ?? '').join(' ')).to.contain('tooth_11.stl and 5 other tooth files');
    await screenshotPage('tooth-numbering-universal');

    choose(select(), 'fdi');
    await waitFor('the set read as FDI again: one upper arch', () => /FDI \(11-48\), as chosen: 17, 16/.test(rowText(doc)) && allByTestId(doc, 'import-error').length === 0, 60_000);
    expect(byTestId<HTMLSelectElement>(doc, 'jaw-select')?.value).to.equal('upper');
    click(byTestId(doc, 'import-confirm'), 'Add to case');
    await waitFor('the upper arch drawn', () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === 'upper', 120_000);
  });

  it('both jaws in Universal numbers dropped together wait as two arches, nothing to choose', async () => {
    const doc = await loadApp();
    const teeth = [...archOrder('upper'), ...archOrder('lower')].filter((f) => f % 10 !== 8);
    await dropOnNewCase(doc, toothSet(teeth, 'universal', (n) => `tooth_${n}.stl`));
    const rows = await waitFor('two pending arches', () => allByTestId(doc, 'pending-arch').length === 2 && allByTestId(doc, 'pending-arch'), 60_000);
    expect(rows.map((r) => r.querySelector<HTMLSelectElement>('[data-testid="jaw-select"]')?.value)).to.deep.equal(['upper', 'lower']);
    expect(allByTestId(doc, 'tooth-files-numbering')).to.have.length(0);
    expect(rows[0].textContent).to.contain('tooth_8.stl is 11');
    expect(allByTestId(doc, 'import-error')).to.have.length(0);
    await screenshotPage('tooth-numbering-both-jaws');
  });
});
