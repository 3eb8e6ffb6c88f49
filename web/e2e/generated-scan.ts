// A generated raw scan dropped on a new case of the studio, as a planner drops a scanner's
// STL: written as binary STL in the page, dropped on the records panel, given its jaw, added.
import type { Jaw } from '../core/types.ts';
import type { Mesh } from '../geometry/mesh.ts';
import { writeBinaryStl } from '../geometry/fixtures/scan-writers.ts';
import { byTestId, click, waitFor } from './harness.ts';

const LONG = 240_000;

export async function dropGeneratedScan(doc: Document, mesh: Mesh, name: string, jaw: Jaw): Promise<void> {
  const triangles: number[][] = [];
  for (let f = 0; f < mesh.indices.length; f += 3) triangles.push([mesh.indices[f], mesh.indices[f + 1], mesh.indices[f + 2]]);
  const stl = writeBinaryStl(Float32Array.from(mesh.positions), triangles, name);
  click(byTestId(doc, 'new-case'), 'the new case button');
  const records = await waitFor('the records panel', () => doc.querySelector('section.records'));
  const drop = new DataTransfer();
  drop.items.add(new File([stl.slice()], name));
  records.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
  await waitFor('the parsed arch', () => byTestId(doc, 'pending-arch'), LONG);
  const select = byTestId<HTMLSelectElement>(doc, 'jaw-select');
  if (select && select.value !== jaw) {
    select.value = jaw;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }
  click(byTestId(doc, 'import-confirm'), 'Add to case');
  await waitFor(`the ${jaw} arch in the viewport`, () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === jaw, LONG);
}
