// The report worker's API: the treatment report (pictures, PDF, CSVs; web/report) made off the
// UI thread. A plain module: tests call it directly; report.worker.ts exposes it over comlink.
import { transfer } from 'comlink';
import { makeReport, type ReportFonts, type ReportRequest } from '../../report/report.ts';

export type { ReportFonts };

export interface MadeReportFiles {
  pdf: Uint8Array;
  csvs: { name: string; text: string }[];
}

export interface ReportApi {
  make(request: ReportRequest): Promise<MadeReportFiles>;
}

export function createReportApi(loadFonts: () => Promise<ReportFonts>): ReportApi {
  let fonts: Promise<ReportFonts> | null = null;
  return {
    async make(request) {
      fonts ??= loadFonts();
      // A font that failed to load is asked for again next time (a network hiccup offline-first).
      fonts.catch(() => { fonts = null; });
      const made = await makeReport(request, await fonts);
      return transfer({ pdf: made.pdf, csvs: made.csvs }, [made.pdf.buffer]);
    },
  };
}
