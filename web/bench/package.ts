// Issue 13's speed figures on the case it names: the real upper arch with the demo's lower
// arch, planned by auto-setup through the pipeline (as `package create` does). Export: the
// package written and encrypted, as "Share link" does. Open: what a doctor's browser computes
// between the download and the first frame of the staged plan — decrypt, read and check
// every entry, prepare both arches (tooth axes and collision solids, from the segmentation
// records a segmented case carries) and derive the plan (poses, collisions) on the engine given. The IndexedDB write and the drawing are the studio's and
// are not in this figure. Peer, measured in the same run: the same meshes as the backup
// stores them (mesh-binary blobs, deflated), for size and time.
import { zipSync } from 'fflate';
import { JAWS, type Jaw } from '../core/types.ts';
import type { Engine } from '../engine/engine.ts';
import { decryptPackage, encryptPackage } from '../exchange/package-crypto.ts';
import { readPackage } from '../exchange/package-read.ts';
import { writePackage } from '../exchange/package-write.ts';
import { generateDemoCase } from '../geometry/demo/index.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { encodeMesh } from '../geometry/mesh-binary.ts';
import { archPlanParts } from '../geometry/setup/plan-parts.ts';
import { decodeSegmentationRecord } from '../geometry/segmentation-record.ts';
import { demoSegmentation } from '../exchange/fixtures/package.ts';
import { derivePlan, type PreparedCase } from '../pipeline/index.ts';
import { packageCase } from '../cli/package-case.ts';

export interface PackageBenchReport {
  backend: string;
  triangles: Record<Jaw, number>;
  packageBytes: number;
  /** Peer: the two meshes as backup blobs (mesh-binary), deflated. */
  backupMeshesBytes: number;
  /** Median ms: writePackage + encrypt. */
  export_ms: number;
  /** Median ms: the backup-style zip of the meshes alone. */
  backupMeshes_ms: number;
  /** Median ms: decrypt + readPackage + prepare + derive. */
  open_ms: number;
  open_parts_ms: { read: number; prepare: number; derive: number };
  stages: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

export async function runPackageBench(opts: { upper: LabelledMesh; engine: Engine; repeats?: number; log?: (line: string) => void }): Promise<PackageBenchReport> {
  const log = opts.log ?? (() => undefined);
  const lower = generateDemoCase().arches.lower.mesh;
  const arches = { upper: opts.upper, lower };
  log('package: planning the real upper + demo lower case by auto-setup...');
  const { contents } = await packageCase({
    fields: { pseudonym: 'Bench patient', clinic: 'Bench clinic', doctor: 'Dr Bench', notes: '', demo: false },
    arches: Object.fromEntries(JAWS.map((j) => [j, { mesh: arches[j], sourceFiles: [`${j}.obj`], format: 'obj', unitScale: 1 }])),
    versionName: 'Bench', actor: { name: 'Bench', role: 'planner' }, now: Date.now(), fileName: 'bench.aligner',
  }, opts.engine);
  // As the studio has them once segmented: each arch with its saved segmentation record.
  for (const j of JAWS) {
    const arch = contents.arches[j]!;
    contents.arches[j] = { ...arch, segmentation: demoSegmentation(arch.mesh, j) };
  }

  const exports: number[] = [], peers: number[] = [], opens: number[] = [];
  let sealed: { bytes: Uint8Array; key: string } = { bytes: new Uint8Array(), key: '' };
  let peerBytes = 0, stages = 0;
  let parts = { read: 0, prepare: 0, derive: 0 };
  for (let r = 0; r < (opts.repeats ?? 3); r++) {
    const exported = await timed(async () => encryptPackage(await writePackage(contents)));
    exports.push(exported.ms);
    sealed = exported.value;
    const peer = await timed(() => zipSync(Object.fromEntries(JAWS.map((j) => [`${j}.bin`, new Uint8Array(encodeMesh(arches[j]))]))));
    peers.push(peer.ms);
    peerBytes = peer.value.byteLength;

    const read = await timed(async () => readPackage(await decryptPackage(sealed.bytes, sealed.key, 'bench.aligner'), { fileName: 'bench.aligner' }));
    const prepared = await timed((): PreparedCase => ({ parts: JAWS.map((j) => {
      const arch = read.value.arches[j]!;
      return archPlanParts(arch.mesh, j, arch.segmentation ? decodeSegmentationRecord(arch.segmentation) : undefined);
    }) }));
    const derived = await timed(() => derivePlan(opts.engine, prepared.value, read.value.working!.plan));
    stages = derived.value.staging.stageCount;
    parts = { read: read.ms, prepare: prepared.ms, derive: derived.ms };
    opens.push(read.ms + prepared.ms + derived.ms);
  }
  return {
    backend: opts.engine.backend,
    triangles: { upper: opts.upper.indices.length / 3, lower: lower.indices.length / 3 },
    packageBytes: sealed.bytes.byteLength,
    backupMeshesBytes: peerBytes,
    export_ms: median(exports),
    backupMeshes_ms: median(peers),
    open_ms: median(opens),
    open_parts_ms: parts,
    stages,
  };
}

export function formatPackageReport(r: PackageBenchReport): string {
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MB`;
  return [
    `Plan package: real upper (${r.triangles.upper} triangles) + demo lower (${r.triangles.lower}), both segmented, auto-setup, ${r.stages} stages, ${r.backend}`,
    `  package (encrypted)        ${mb(r.packageBytes)}   vs the meshes as backup blobs, deflated: ${mb(r.backupMeshesBytes)} (ratio ${(r.packageBytes / r.backupMeshesBytes).toFixed(2)})`,
    `  export (write + encrypt)   ${r.export_ms.toFixed(0)} ms   vs zipping the backup blobs: ${r.backupMeshes_ms.toFixed(0)} ms (ratio ${(r.export_ms / r.backupMeshes_ms).toFixed(2)})`,
    `  open (decrypt, read and check, prepare, derive)  ${r.open_ms.toFixed(0)} ms  (read ${r.open_parts_ms.read.toFixed(0)}, prepare ${r.open_parts_ms.prepare.toFixed(0)}, derive ${r.open_parts_ms.derive.toFixed(0)})`,
  ].join('\n');
}
