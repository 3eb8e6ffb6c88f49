import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8 } from 'fflate';
import { appendEvent } from '../core/audit.ts';
import { hashOf } from '../core/canonical.ts';
import { emptyPlan } from '../core/plan.ts';
import { stagePlan } from '../core/staging.ts';
import type { Jaw } from '../core/types.ts';
import { rawScan } from '../geometry/demo/raw-scan.ts';
import { loadRealScan } from '../geometry/fixtures/real-scan.ts';
import { refineTo, vertexLabelsOf } from '../geometry/fixtures/subdivide.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { decodeSegmentationRecord } from '../geometry/segmentation-record.ts';
import { demoPackageContents, demoSegmentation, DOCTOR, editJson, maxError, rezip, sameBytes, unzipPackage } from './fixtures/package.ts';
import { meshContentHash } from './mesh-codec.ts';
import { encode as encodePng } from 'fast-png';
import { writeDicom } from './fixtures/dicom-writer.ts';
import { MIGRATION_2_TO_3 } from './package-layout.ts';
import { readPackage } from './package-read.ts';
import type { PackageContents, PackageRecord } from './package-types.ts';
import { writePackage } from './package-write.ts';
import { summaryOf, summaryProblem } from './summary.ts';


describe('plan package round trip (generated demo case)', async () => {
  const contents = await demoPackageContents();
  const bytes = await writePackage(contents);
  const read = await readPackage(bytes, { fileName: 'Demo-Final-2026-12-03.aligner' });

  it('gives back every field as written', () => {
    const { arches: _a, ...rest } = read;
    const { arches: _b, ...written } = contents;
    expect({ ...rest, entries: undefined, packageVersion: undefined }).toEqual({ ...written, entries: undefined, packageVersion: undefined });
    expect(read.packageVersion).toBe(3);
    expect(read.versions.map((v) => v.name)).toEqual(['First setup', 'Final']);
    expect(read.working!.plan).toEqual(contents.working!.plan);
    expect(read.decisions.map((d) => d.kind)).toEqual(['changes-requested', 'approval']);
    expect(read.comments[0].fdi).toBe(12);
    expect(read.audit.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('gives back both arches: fields exact, meshes within 0.01 mm with the same hash, the segmentation whole', () => {
    for (const jaw of ['upper', 'lower'] as Jaw[]) {
      const sent = contents.arches[jaw]!, got = read.arches[jaw]!;
      const { mesh: m1, segmentation: s1, ...f1 } = sent;
      const { mesh: m2, segmentation: s2, ...f2 } = got;
      expect(f2).toEqual(f1);
      expect(maxError(m1.positions, m2.positions)).toBeLessThan(0.01);
      expect(sameBytes(m2.indices, m1.indices)).toBe(true);
      expect(sameBytes(m2.labels!, m1.labels!)).toBe(true);
      expect(meshContentHash(m2)).toBe(sent.meshHash);
      expect(s2 === undefined).toBe(s1 === undefined);
    }
    const sent = decodeSegmentationRecord(contents.arches.upper!.segmentation!);
    const got = decodeSegmentationRecord(read.arches.upper!.segmentation!);
    const plain = (r: typeof sent) => ({ ...r, faceLabels: null, vertexLabels: null, solids: r.solids.map((s) => s.fdi) });
    expect(plain(got)).toEqual(plain(sent));
    expect(got.paint.length).toBe(1);
    expect(sameBytes(got.faceLabels, sent.faceLabels)).toBe(true);
    expect(sameBytes(got.vertexLabels, sent.vertexLabels)).toBe(true);
    got.solids.forEach((s, i) => {
      expect(sameBytes(s.mesh.indices, sent.solids[i].mesh.indices)).toBe(true);
      expect(maxError(s.mesh.positions, sent.solids[i].mesh.positions)).toBeLessThan(0.01);
    });
    // A solid begins with its crown's vertices, snapped to the same grid as the scan's: the
    // receiver's studio recognises it as made from its own (packed) scan and reuses it.
    const scan = read.arches.upper!.mesh.positions;
    const crown = got.solids[0];
    const first = got.vertexLabels.indexOf(crown.fdi);
    expect([...crown.mesh.positions.subarray(0, 3)]).toEqual([...scan.subarray(3 * first, 3 * first + 3)]);
  });

  it('lists and hashes every entry, and writes the same bytes for the same contents', async () => {
    expect(read.entries.map((e) => e.path)).toEqual([
      'case.json', 'arches/upper.json', 'arches/upper.mesh', 'arches/upper.seg', 'arches/lower.json', 'arches/lower.mesh',
      'plans/working.json', 'plans/versions.json', 'summary.json', 'review/comments.json', 'review/decisions.json', 'audit.json',
    ]);
    const files = unzipPackage(bytes);
    expect(Object.keys(files)[0]).toBe('manifest.json');
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    expect(manifest).toMatchObject({ format: 'aligner-studio-package', version: 3, kind: 'case', studioVersion: '0.1.0' });
    for (const e of read.entries) expect(files[e.path].byteLength).toBe(e.size);
    expect(sameBytes(await writePackage(contents), bytes)).toBe(true);
  });

  it('carries a response package: no scans, no summary, only the review and the trail', async () => {
    const answer = appendEvent({ caseId: contents.case.id, at: contents.exportedAt + 1, actor: DOCTOR, kind: 'approved', summary: 'Approved "Final"' }, contents.audit.slice(-1));
    const response: PackageContents = {
      ...contents, kind: 'response', exportedBy: DOCTOR, arches: {}, working: undefined, summary: undefined,
      versions: contents.versions.slice(1), audit: [...contents.audit, answer],
    };
    const back = await readPackage(await writePackage(response), { fileName: 'Demo-response-2026-12-03.aligner' });
    expect(back.kind).toBe('response');
    expect(back.arches).toEqual({});
    expect(back.working).toBeUndefined();
    expect(back.summary).toBeUndefined();
    expect(back.audit.at(-1)).toEqual(answer);
    expect(back.entries.map((e) => e.path)).toEqual(['case.json', 'plans/versions.json', 'review/comments.json', 'review/decisions.json', 'audit.json']);
    await expect(writePackage({ ...response, arches: contents.arches })).rejects.toThrow('a response package carries no arches');
  });

  it('summarises what the planner saw, and says when collisions were never checked', async () => {
    const summary = read.summary!;
    expect(summary.planHash).toBe(hashOf(contents.working!.plan));
    expect(summary.finalCollisions).toEqual([{ a: 11, b: 21, depthMm: 0.12 }]);
    expect(summary.iprProposals).toEqual([{ a: 11, b: 21, amountMm: 0.2, stage: 2, aboveMax: false }]);
    expect(summary.ipr).toEqual([{ a: 11, b: 21, amountMm: 0.2, stage: 2 }]);
    expect(summary.aligners.upper).toBeGreaterThan(0);
    const plan = contents.working!.plan;
    const unchecked = summaryOf({ plan, staging: stagePlan(plan, plan.protocol), findings: null, checklist: null, movements: [], warnings: [] });
    expect(unchecked).toMatchObject({ collisionsChecked: false, finalCollisions: [], midCourse: [], iprProposals: [], checklist: null });
    expect(summaryProblem(unchecked)).toBeNull();
    expect(summaryProblem({ ...unchecked, collisionsChecked: undefined })).toBe('the summary does not say whether collisions were checked');
  });

  it('refuses to write a package whose recorded hashes would make every reader refuse it', async () => {
    await expect(writePackage({ ...contents, working: { ...contents.working!, hash: hashOf(emptyPlan()) } })).rejects.toThrow('hashOf(plan)');
    const upper = { ...contents.arches.upper!, meshHash: 'a'.repeat(64) };
    await expect(writePackage({ ...contents, arches: { upper } })).rejects.toThrow('meshContentHash');
  });
});

/** A 300k-triangle arch as a planner's studio holds it: labelled, with its saved segmentation. */
function denseArch(mesh: LabelledMesh, jaw: Jaw) {
  return {
    jaw, sourceFiles: [`${jaw}.stl`], format: 'stl', teeth: [], unitScale: 1, importedAt: 0,
    mesh, meshHash: meshContentHash(mesh), segmentation: demoSegmentation(mesh, jaw),
  };
}

describe('package size', () => {
  it('a case with two segmented 300k-triangle arches (upper-arch-01 refined, seed 20261203; generated lower, seed 20261203) packs under 5 MB', async () => {
    const real = loadRealScan();
    const upper = refineTo(real, 303_000, 20261203);
    const lower = rawScan({ jaw: 'lower', seed: 20261203, triangles: 303_000 });
    const contents = await demoPackageContents();
    const dense: PackageContents = {
      ...contents,
      arches: {
        upper: denseArch({ ...upper.mesh, labels: vertexLabelsOf(upper.mesh, upper.faceLabels) }, 'upper'),
        lower: denseArch({ ...lower.mesh, labels: lower.vertexLabels }, 'lower'),
      },
    };
    expect(dense.arches.upper!.mesh.indices.length / 3).toBeGreaterThanOrEqual(300_000);
    expect(dense.arches.lower!.mesh.indices.length / 3).toBeGreaterThanOrEqual(300_000);
    const bytes = await writePackage(dense);
    expect(bytes.byteLength).toBeLessThan(5_000_000);
    const back = await readPackage(bytes, { fileName: 'dense.aligner' });
    expect(back.arches.upper!.meshHash).toBe(dense.arches.upper!.meshHash);
    expect(decodeSegmentationRecord(back.arches.lower!.segmentation!).solids.length).toBeGreaterThan(10);
  }, 120_000);
});

describe('the treatment report in a package (version 2), and version 1 packages (migration 1 to 2)', async () => {
  const contents = await demoPackageContents();
  const pdf = strToU8('%PDF-1.7 a report');
  const report = { pdf, csvs: [{ name: 'movements.csv', text: 'tooth,arch\r\n11,upper\r\n' }, { name: 'ipr.csv', text: 'tooth_a\r\n' }, { name: 'attachments.csv', text: 'tooth\r\n' }] };
  const bytes = await writePackage({ ...contents, report });

  it('carries the report\'s PDF and CSVs, listed and hashed like every entry, and gives them back as sent', async () => {
    const read = await readPackage(bytes, { fileName: 'with-report.aligner' });
    expect(read.entries.map((e) => e.path).filter((p) => p.startsWith('report/'))).toEqual(['report/report.pdf', 'report/movements.csv', 'report/ipr.csv', 'report/attachments.csv']);
    expect(sameBytes(read.report!.pdf, pdf)).toBe(true);
    expect(read.report!.csvs).toEqual(report.csvs);
    // Without one, none.
    expect((await readPackage(await writePackage(contents), { fileName: 'x.aligner' })).report).toBeUndefined();
  });

  it('refuses a report that is no PDF, or a CSV it does not know', async () => {
    const notPdf = await writePackage({ ...contents, report: { ...report, pdf: strToU8('hello') } });
    await expect(readPackage(notPdf, { fileName: 'odd.aligner' })).rejects.toThrow(/report\/report\.pdf is not a PDF/);
    await expect(writePackage({ ...contents, report: { ...report, csvs: [{ name: 'secrets.csv', text: '' }] } })).rejects.toThrow(/secrets\.csv/);
  });

  it('reads a version 1 package as before, and refuses one that says version 1 but carries a report', async () => {
    const v1 = rezip(await writePackage(contents), (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), version: 1 })));
    const read = await readPackage(v1, { fileName: 'old.aligner' });
    expect(read.packageVersion).toBe(1);
    expect(read.report).toBeUndefined();
    expect(read.working!.plan).toEqual(contents.working!.plan);
    const v1WithReport = rezip(bytes, (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), version: 1 })));
    await expect(readPackage(v1WithReport, { fileName: 'old.aligner' })).rejects.toThrow(/it holds report\/report\.pdf, which is not part of a package/);
  });
});

describe('case statuses in packages (migration 2 to 3)', async () => {
  const contents = await demoPackageContents();
  const withStatus = async (version: number, status: string) => rezip(await writePackage(contents), (files) => {
    editJson(files, 'manifest.json', (m) => ({ ...(m as object), version }));
    editJson(files, 'case.json', (c) => ({ ...(c as object), status }));
  }, true);

  it('writes version 3 with the pipeline\'s name, and reads it back', async () => {
    const read = await readPackage(await writePackage(contents), { fileName: 'now.aligner' });
    expect(read.packageVersion).toBe(3);
    expect(read.case.status).toBe('doctor-review');
  });

  it('reads a version 2 package\'s first-studio status names as the pipeline\'s', async () => {
    for (const [old, now] of [['review', 'doctor-review'], ['records', 'records-complete'], ['archived', 'finished'], ['planning', 'planning']]) {
      expect((await readPackage(await withStatus(2, old), { fileName: 'old.aligner' })).case.status, old).toBe(now);
    }
  });

  it('refuses a version 3 package with a first-studio name, or any package with a status no studio knows', async () => {
    await expect(readPackage(await withStatus(3, 'review'), { fileName: 'odd.aligner' })).rejects.toThrow(/odd\.aligner .*case\.json has an unknown status "review"/);
    await expect(readPackage(await withStatus(2, 'on hold'), { fileName: 'odd.aligner' })).rejects.toThrow(/case\.json has an unknown status "on hold"/);
  });
});

describe('case records in a package (version 3), and version 2 packages (migration 2 to 3)', async () => {
  const contents = await demoPackageContents();
  const png = encodePng({ width: 2, height: 2, data: new Uint8Array(16).fill(120), channels: 4 });
  const dcm = writeDicom({ rows: 4, cols: 4, bits: 16, seed: 5 });
  const records: PackageRecord[] = [
    { id: 'rec-photo', kind: 'extraoral-smiling', fileName: 'smile.png', mediaType: 'image/png', addedAt: 1, addedBy: DOCTOR, width: 2, height: 2, bytes: png },
    { id: 'rec-pano', kind: 'panoramic', fileName: 'pano.dcm', mediaType: 'application/dicom', addedAt: 2, addedBy: DOCTOR, bytes: dcm },
    { id: 'rec-note', kind: 'notes', fileName: '', mediaType: 'text/plain', addedAt: 3, addedBy: DOCTOR, bytes: strToU8('Deep bite') },
  ];
  const bytes = await writePackage({ ...contents, records });
  const FILE = 'records.aligner';

  it('carries each record under records/, listed and hashed, and gives them back as sent (seed 5)', async () => {
    expect(MIGRATION_2_TO_3).toMatch(/adds the optional case records/);
    const read = await readPackage(bytes, { fileName: FILE });
    expect(read.packageVersion).toBe(3);
    expect(read.entries.map((e) => e.path).filter((p) => p.startsWith('records/'))).toEqual(['records/index.json', 'records/rec-photo.png', 'records/rec-pano.dcm', 'records/rec-note.txt']);
    expect(read.records!.map(({ bytes: _b, ...r }) => r)).toEqual(records.map(({ bytes: _b, ...r }) => r));
    read.records!.forEach((r, i) => expect(sameBytes(r.bytes, records[i].bytes)).toBe(true));
    expect((await readPackage(await writePackage(contents), { fileName: FILE })).records).toBeUndefined();
  });

  it('refuses record bytes altered after export by the manifest hash, and a forged record that is not the file it says', async () => {
    const altered = rezip(bytes, (files) => { files['records/rec-pano.dcm'] = files['records/rec-pano.dcm'].map((b, i) => (i === 300 ? b ^ 1 : b)); });
    await expect(readPackage(altered, { fileName: FILE })).rejects.toThrow(`${FILE} has been altered since it was exported: records/rec-pano.dcm does not match its recorded hash.`);
    const forged = rezip(bytes, (files) => { files['records/rec-photo.png'] = Uint8Array.from([0xff, 0xd8, 0xff, 1]); }, true);
    await expect(readPackage(forged, { fileName: FILE })).rejects.toThrow(/records\/rec-photo\.png is not the image\/png file its index says \(smile\.png was not added: it is named as a PNG image but its content is a JPEG image\./);
    const stray = rezip(bytes, (files) => { files['records/extra.png'] = png; editJson(files, 'manifest.json', (m) => m); }, true);
    await expect(readPackage(stray, { fileName: FILE })).rejects.toThrow(/records\/extra\.png/);
    const unlisted = rezip(bytes, (files) => { editJson(files, 'records/index.json', (x) => (x as unknown[]).slice(0, 2)); }, true);
    await expect(readPackage(unlisted, { fileName: FILE })).rejects.toThrow(/it holds records\/rec-note\.txt, which records\/index\.json does not list/);
    const scan = rezip(bytes, (files) => { editJson(files, 'records/index.json', (x) => (x as { kind: string }[]).map((r, i) => (i === 0 ? { ...r, kind: 'upper-scan' } : r))); }, true);
    await expect(readPackage(scan, { fileName: FILE })).rejects.toThrow(/record 1 in records\/index\.json has a kind this studio does not take as a record \("upper-scan"\)/);
  });

  it('reads a version 2 package as before, refuses one that says version 2 but carries records, and a version 4 names both', async () => {
    const v2 = rezip(await writePackage(contents), (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), version: 2 })));
    const read = await readPackage(v2, { fileName: 'old.aligner' });
    expect(read.packageVersion).toBe(2);
    expect(read.records).toBeUndefined();
    expect(read.working!.plan).toEqual(contents.working!.plan);
    const v2WithRecords = rezip(bytes, (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), version: 2 })));
    await expect(readPackage(v2WithRecords, { fileName: 'old.aligner' })).rejects.toThrow(/it says package version 2 but holds records\/index\.json: case records came with version 3/);
    const v4 = rezip(bytes, (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), version: 4 })));
    await expect(readPackage(v4, { fileName: 'new.aligner' })).rejects.toThrow(/package version 4; this studio reads version 3/);
  });

  it('a response package carries no records', async () => {
    await expect(writePackage({ ...contents, kind: 'response', arches: {}, records })).rejects.toThrow(/carries no records/);
  });
});
