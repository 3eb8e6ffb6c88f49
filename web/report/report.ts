// The treatment report, made the same way by the studio's report worker and the CLI: the
// pictures of the plan (initial and final teeth, rendered in software so Node draws the same),
// the content worded once (report-data.ts), laid out as a PDF (report-pdf.ts), and the CSVs.
import type { Jaw } from '../core/types.ts';
import { stagePoses } from '../core/staging.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { framesOf } from '../pipeline/engine-run.ts';
import { reportModel, type ReportSource } from './report-data.ts';
import { reportCsvs } from './report-csv.ts';
import { renderPlanPictures } from './report-pictures.ts';
import { writeReportPdf } from './report-pdf.ts';
import type { Paper, ReportFonts, ReportModel } from './report-model.ts';

export type { ReportFonts };

export interface ReportRequest extends Omit<ReportSource, 'pictures'> {
  /** The arches' scans as segmented (the pictures' teeth and gum). */
  meshes: Partial<Record<Jaw, LabelledMesh>>;
  paper: Paper;
}

export interface MadeReport {
  pdf: Uint8Array;
  csvs: { name: string; text: string }[];
  model: ReportModel;
}

export async function makeReport(request: ReportRequest, fonts: ReportFonts): Promise<MadeReport> {
  const { meshes, paper, ...source } = request;
  const staging = source.derived.staging;
  const final = stagePoses(staging, framesOf(source.prepared.parts), staging.stageCount - 1);
  const arches = source.prepared.parts.flatMap((p) => (meshes[p.jaw] ? [{ jaw: p.jaw, mesh: meshes[p.jaw]! }] : []));
  const pictures = renderPlanPictures({ arches, final });
  const model = reportModel({ ...source, pictures });
  const pdf = await writeReportPdf(model, { paper, fonts });
  return { pdf, csvs: reportCsvs(source.derived), model };
}

export { reportFileName } from './report-file-name.ts';
