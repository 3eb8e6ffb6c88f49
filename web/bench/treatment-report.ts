// Issue 15's speed figure: the demo case's treatment report made as the studio's report
// worker and the CLI make it (pictures drawn in software, the PDF written with its embedded
// font, the CSVs). Peer, measured in the same run: deriving the same plan on the engine (what
// the studio has done before the report is asked for), so the report's cost reads against it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Engine } from '../engine/engine.ts';
import { generateDemoCase } from '../geometry/demo/index.ts';
import { derivePlan } from '../pipeline/derive.ts';
import { plannedCase } from '../pipeline/planned-case.ts';
import { makeReport } from '../report/report.ts';

export interface ReportBenchReport {
  triangles: number;
  pages: number;
  pdfBytes: number;
  pictures: number;
  /** Median ms of makeReport (pictures, content, PDF, CSVs). */
  report_ms: number;
  /** Median ms of derivePlan on the same case (the peer). */
  derive_ms: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const font = (f: string) => new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(`@fontsource/inter/files/${f}`)));

export async function runReportBench(opts: { engine: Engine; repeats?: number; log?: (line: string) => void }): Promise<ReportBenchReport> {
  const demo = generateDemoCase();
  const meshes = { upper: demo.arches.upper.mesh, lower: demo.arches.lower.mesh };
  opts.log?.('report: planning the demo case by auto-setup...');
  const planned = await plannedCase({ arches: meshes }, opts.engine);
  const fonts = { regular: font('inter-latin-400-normal.woff'), bold: font('inter-latin-700-normal.woff') };
  const prepared = { parts: planned.parts };
  const reports: number[] = [], derives: number[] = [];
  let last: Awaited<ReturnType<typeof makeReport>> | null = null;
  for (let r = 0; r < (opts.repeats ?? 3); r++) {
    let t = performance.now();
    await derivePlan(opts.engine, prepared, planned.plan);
    derives.push(performance.now() - t);
    t = performance.now();
    last = await makeReport({
      case: { id: 'bench', pseudonym: 'Bench patient', clinic: 'Bench clinic', doctor: 'Dr Bench' }, version: null,
      derived: planned.derived, prepared, approval: { state: 'not approved' }, audit: [], planHash: '0'.repeat(64),
      meshes, now: Date.UTC(2026, 11, 4), paper: 'a4',
    }, fonts);
    reports.push(performance.now() - t);
  }
  const pages = (new TextDecoder('latin1').decode(last!.pdf).match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  return {
    triangles: Object.values(meshes).reduce((s, m) => s + m.indices.length / 3, 0),
    pages, pdfBytes: last!.pdf.byteLength, pictures: last!.model.pictures.length,
    report_ms: median(reports), derive_ms: median(derives),
  };
}

export function formatReportBench(r: ReportBenchReport): string {
  return [
    `Treatment report: demo case (${r.triangles} triangles), ${r.pictures} pictures, ${r.pages} pages, ${(r.pdfBytes / 1024).toFixed(0)} KB`,
    `  report (pictures, PDF, CSVs)  ${r.report_ms.toFixed(0)} ms   vs deriving the plan on the engine: ${r.derive_ms.toFixed(0)} ms (ratio ${(r.report_ms / r.derive_ms).toFixed(2)})`,
  ].join('\n');
}
