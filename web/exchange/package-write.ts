// Writes a plan package: one zip, one case. The manifest lists every other entry with its
// size and SHA-256, so the reader can tell damage and tampering from the file as exported.
// Meshes go through the compact codec (stored, already compressed); everything else is JSON
// or a segmentation, deflated. The same contents give the same bytes (entries in a fixed
// order, the zip's file times set to the export time), so a package can be compared by hash.
import { strToU8, zipSync, type Zippable } from 'fflate';
import { sortTrail } from '../core/audit.ts';
import { hashOf, sha256Hex } from '../core/canonical.ts';
import { JAWS } from '../core/types.ts';
import { encodeCompactMesh, meshContentHash } from './mesh-codec.ts';
import { archPaths, ENTRY, MANIFEST_PATH, REPORT_CSVS, REPORT_PDF, reportCsvPath, type ArchJson, type PackageManifest } from './package-layout.ts';
import { recordEntries } from './package-records.ts';
import { PACKAGE_FORMAT, PACKAGE_VERSION, type PackageContents } from './package-types.ts';
import { encodeCompactSegmentation } from './segmentation-codec.ts';

/** Zip times are DOS times (1980-2107, local): outside that range a fixed one keeps the bytes reproducible. */
function zipTime(at: number): Date {
  const d = new Date(at);
  return Number.isFinite(d.getTime()) && d.getFullYear() >= 1981 && d.getFullYear() <= 2098 ? d : new Date(1981, 0, 1);
}

export async function writePackage(c: PackageContents): Promise<Uint8Array> {
  const entries: { path: string; bytes: Uint8Array; stored: boolean }[] = [];
  const json = (path: string, value: unknown) => entries.push({ path, bytes: strToU8(JSON.stringify(value)), stored: false });

  const { id, pseudonym, clinic, doctor, notes, status, createdAt, updatedAt, demo } = c.case;
  json(ENTRY.case, { id, pseudonym, clinic, doctor, notes, status, createdAt, updatedAt, demo });

  for (const jaw of JAWS) {
    const arch = c.arches[jaw];
    if (!arch) continue;
    if (c.kind === 'response') throw new Error('a response package carries no arches');
    // A wrong hash here would make every receiver refuse the package as altered: catch it at the source.
    if (meshContentHash(arch.mesh) !== arch.meshHash) throw new Error(`the ${jaw} arch's meshHash is not the meshContentHash of its mesh`);
    const paths = archPaths(jaw);
    const mesh = await encodeCompactMesh(arch.mesh, `the ${jaw} scan`);
    const segmentation = arch.segmentation ? await encodeCompactSegmentation(arch.segmentation, `the ${jaw} segmentation`) : null;
    const record: ArchJson = {
      jaw, sourceFiles: [...arch.sourceFiles], format: arch.format, teeth: [...arch.teeth], unitScale: arch.unitScale,
      importedAt: arch.importedAt, vertexCount: arch.mesh.positions.length / 3, triangleCount: arch.mesh.indices.length / 3,
      meshHash: arch.meshHash, mesh: paths.mesh, ...(segmentation ? { segmentation: paths.segmentation } : {}),
    };
    json(paths.json, record);
    entries.push({ path: paths.mesh, bytes: mesh, stored: true });
    if (segmentation) entries.push({ path: paths.segmentation, bytes: segmentation, stored: false });
  }

  if (c.working) {
    if (hashOf(c.working.plan) !== c.working.hash) throw new Error('the working plan\'s hash is not hashOf(plan)');
    json(ENTRY.working, { plan: c.working.plan, hash: c.working.hash, ...(c.working.sharedBase === undefined ? {} : { sharedBase: c.working.sharedBase }) });
  }
  json(ENTRY.versions, c.versions.map((v) => ({ id: v.id, name: v.name, savedAt: v.savedAt, plan: v.plan })));
  if (c.summary) json(ENTRY.summary, c.summary);
  json(ENTRY.comments, c.comments);
  json(ENTRY.decisions, c.decisions);
  json(ENTRY.audit, sortTrail(c.audit));
  if (c.report) {
    // The PDF's streams are compressed already: stored as they are.
    entries.push({ path: REPORT_PDF, bytes: c.report.pdf, stored: true });
    for (const csv of c.report.csvs) {
      if (!REPORT_CSVS.includes(csv.name)) throw new Error(`a report CSV is named ${csv.name}, not one of ${REPORT_CSVS.join(', ')}`);
      entries.push({ path: reportCsvPath(csv.name), bytes: strToU8(csv.text), stored: false });
    }
  }

  if (c.records?.length) {
    if (c.kind === 'response') throw new Error('a response package carries no records');
    entries.push(...recordEntries(c.records));
  }

  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT, version: PACKAGE_VERSION, kind: c.kind, studioVersion: c.studioVersion,
    exportedAt: c.exportedAt, exportedBy: { name: c.exportedBy.name, role: c.exportedBy.role },
    entries: entries.map((e) => ({ path: e.path, size: e.bytes.byteLength, sha256: sha256Hex(e.bytes) })),
  };
  const mtime = zipTime(c.exportedAt);
  const files: Zippable = { [MANIFEST_PATH]: [strToU8(JSON.stringify(manifest)), { level: 6, mtime }] };
  for (const e of entries) files[e.path] = [e.bytes, { level: e.stored ? 0 : 6, mtime }];
  return zipSync(files);
}
