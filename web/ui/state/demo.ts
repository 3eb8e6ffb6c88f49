// "Open the demo case": one click makes a complete, segmented two-arch case from the
// generator (in the worker), saves it in one transaction (a tab closed half-way leaves no
// case rather than an empty demo), and opens it. No network. A demo left without its
// arches by an older studio is repaired: removed and made again.
import { JAWS } from '../../core/types.ts';
import type { CaseRecord } from '../../core/types.ts';
import { encodeMesh } from '../../geometry/mesh-binary.ts';
import type { CaseRepository } from '../../store/cases.ts';
import type { ImportClient } from '../workers/import-client.ts';
import type { LibraryStore } from './library.ts';

export async function openDemoCase(library: LibraryStore, repo: CaseRepository, importer: Pick<ImportClient, 'generateDemo'>, now: () => number = Date.now): Promise<CaseRecord> {
  const existing = library.state.cases.find((c) => c.demo);
  if (existing && JAWS.every((jaw) => existing.arches[jaw])) {
    library.open(existing.id);
    return existing;
  }
  if (existing) {
    await repo.remove(existing.id);
    await library.refresh();
  }
  const demo = await importer.generateDemo();
  const record = await repo.createWithArches({
    pseudonym: demo.pseudonym, clinic: 'Demo clinic', doctor: 'Demo doctor', notes: demo.notes, status: 'records-complete', demo: true,
  }, JAWS.map((jaw) => {
    const { mesh } = demo.arches[jaw];
    return {
      arch: {
        jaw, sourceFiles: [`generated demo (seed ${demo.seed})`], format: 'generated',
        vertexCount: mesh.positions.length / 3, triangleCount: mesh.indices.length / 3,
        teeth: labelledTeeth(mesh.labels), unitScale: 1, importedAt: now(),
      },
      meshBytes: encodeMesh(mesh),
    };
  }));
  library.upsert(record);
  library.open(record.id);
  return record;
}

/** FDI numbers present in per-vertex labels, ascending. */
export function labelledTeeth(labels: Uint8Array | null): number[] {
  if (!labels) return [];
  const seen = new Uint8Array(256);
  for (let i = 0; i < labels.length; i++) seen[labels[i]] = 1;
  const teeth: number[] = [];
  for (let l = 1; l < 256; l++) if (seen[l]) teeth.push(l);
  return teeth;
}
