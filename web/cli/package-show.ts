// What `package show` prints: the case, its arches, plans, summary, review and trail, read
// from a package after package-read.ts checked all of it. Text for people, or one JSON
// object (meshes as counts and hashes, not coordinates) for scripts.
import { planContentHash } from '../core/plan-hash.ts';
import { recordKindLabel } from '../core/record-kinds.ts';
import type { ReadPackage } from '../exchange/package-types.ts';
import { formatFingerprint } from '../exchange/signing.ts';
import { meshHashesOf } from './package-check.ts';

const when = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const mm = (v: number) => `${Math.round(v * 100) / 100} mm`;

export function showJson(fileName: string, pkg: ReadPackage): unknown {
  const { arches, ...rest } = pkg;
  return {
    file: fileName,
    ...rest,
    arches: Object.fromEntries(Object.values(arches).map((a) => [a.jaw, {
      sourceFiles: a.sourceFiles, format: a.format, teeth: a.teeth, unitScale: a.unitScale, importedAt: a.importedAt,
      vertexCount: a.mesh.positions.length / 3, triangleCount: a.mesh.indices.length / 3, meshHash: a.meshHash, segmented: a.segmentation !== undefined,
    }])),
    ...(pkg.working ? { workingContentHash: planContentHash(pkg.working.plan, meshHashesOf(pkg)) } : {}),
  };
}

export function showText(fileName: string, pkg: ReadPackage): string[] {
  const c = pkg.case;
  const lines = [
    `${fileName}: ${pkg.kind} package (version ${pkg.packageVersion}), exported ${when(pkg.exportedAt)} by ${pkg.exportedBy.name} (${pkg.exportedBy.role}) with Aligner Studio ${pkg.studioVersion}`,
    '',
    `case      ${c.pseudonym}${c.demo ? ' (demo)' : ''}, id ${c.id}`,
    `clinic    ${c.clinic || '-'}`,
    `doctor    ${c.doctor || '-'}`,
    `status    ${c.status}`,
    `created   ${when(c.createdAt)}, changed ${when(c.updatedAt)}`,
  ];
  if (c.notes) lines.push(`notes     ${c.notes.replace(/\n/g, '\n          ')}`);
  lines.push('', `arches${Object.keys(pkg.arches).length ? '' : ': none'}`);
  for (const a of Object.values(pkg.arches)) {
    lines.push(`  ${a.jaw.padEnd(6)}  ${a.mesh.indices.length / 3} triangles, ${a.teeth.length} teeth, from ${a.sourceFiles.join(' + ')}${a.segmentation ? ', segmented in the studio' : ''}`);
  }
  lines.push('', `plans${pkg.working || pkg.versions.length ? '' : ': none'}`);
  if (pkg.working) {
    const p = pkg.working.plan;
    lines.push(`  working plan: ${p.targets.length} teeth moved, ${p.ipr.length} IPR contacts, ${p.staging.pattern} staging, content hash ${planContentHash(p, meshHashesOf(pkg)).slice(0, 16)}`);
  }
  for (const v of pkg.versions) lines.push(`  version "${v.name}", saved ${when(v.savedAt)}: ${v.plan.targets.length} teeth moved (id ${v.id})`);
  const s = pkg.summary;
  lines.push('', `summary${s ? '' : ': none (the studio computes it on opening)'}`);
  if (s) {
    lines.push(`  aligners  ${Object.entries(s.aligners).map(([jaw, n]) => `${jaw} ${n}`).join(', ')}`);
    lines.push(`  duration  ${s.durationDays} days (${s.wearDays} days per aligner)`);
    lines.push(`  IPR       ${s.ipr.length ? s.ipr.map((e) => `${e.a}/${e.b} ${mm(e.amountMm)} after stage ${e.stage}`).join(', ') : 'none'}`);
    if (s.iprProposals.length) lines.push(`  IPR still proposed  ${s.iprProposals.map((e) => `${e.a}/${e.b} ${mm(e.amountMm)}`).join(', ')}`);
    for (const w of s.warnings) lines.push(`  warning: ${w}`);
  }
  lines.push('', pkg.report
    ? `report    report/report.pdf (${Math.ceil(pkg.report.pdf.byteLength / 1024)} KB) with ${pkg.report.csvs.map((c) => c.name).join(', ')}`
    : 'report    none (make it with npm run cli -- report)');
  const records = pkg.records ?? [];
  lines.push('', `records (${records.length})`);
  for (const r of records) lines.push(`  ${recordKindLabel(r.kind)}${r.fileName ? `: ${r.fileName}` : ''} (${Math.ceil(r.bytes.byteLength / 1024)} KB), added ${when(r.addedAt)} by ${r.addedBy.name}`);
  lines.push('', `comments (${pkg.comments.length})`);
  for (const m of [...pkg.comments].sort((x, y) => x.at - y.at)) {
    const pin = [m.fdi === undefined ? '' : `tooth ${m.fdi}`, m.stage === undefined ? '' : `stage ${m.stage}`].filter(Boolean).join(', ');
    lines.push(`  ${when(m.at)}  ${m.author.name} (${m.author.role})${pin ? `, ${pin}` : ''}: ${m.text}`);
  }
  lines.push('', `decisions (${pkg.decisions.length})`);
  for (const d of [...pkg.decisions].sort((x, y) => x.at - y.at)) {
    if (d.kind === 'approval') {
      lines.push(`  ${when(d.at)}  ${d.meaning} by ${d.signer}: version "${d.versionName}", key ${formatFingerprint(d.fingerprint)}`);
    } else {
      lines.push(`  ${when(d.at)}  changes requested by ${d.by.name} (${d.by.role})${d.note ? `: ${d.note}` : ''}${d.commentIds.length ? ` (${d.commentIds.length} comments)` : ''}`);
    }
  }
  lines.push('', `audit trail (${pkg.audit.length} events)`);
  for (const e of pkg.audit) lines.push(`  ${String(e.seq).padStart(3)}  ${when(e.at)}  ${e.actor.name} (${e.actor.role})  ${e.kind}: ${e.summary}`);
  return lines;
}
