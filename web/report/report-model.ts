// The treatment report as a document to lay out: every value already worded and formatted
// (report-data.ts makes it from a case and its derived plan), so the PDF writer
// (report-pdf.ts) knows about pages, tables and charts, not about teeth. The CSVs
// (report-csv.ts) and the PDF read the same model, so they never disagree.

/** Inter, regular and bold, as the studio ships it: embedded in the PDF. */
export interface ReportFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

export type Paper = 'a4' | 'letter';

/** A table that may run over several pages: the header row is repeated on each. */
export interface ReportTable {
  columns: string[];
  /** Relative column widths (same length as columns); default equal. */
  widths?: number[];
  /** Columns right-aligned (numbers). */
  numeric?: boolean[];
  rows: string[][];
  /** Said instead of the table when it has no rows. */
  empty?: string;
}

export interface ReportPicture {
  title: string;
  /** PNG bytes. */
  png: Uint8Array;
  width: number;
  height: number;
}

/** One arch of the IPR chart as clinicians draw it: the teeth in a row, each amount between the two teeth it concerns. */
export interface IprChartArch {
  jaw: 'upper' | 'lower';
  /** Tooth numbers as shown, left to right as seen facing the patient (patient's right first). */
  teeth: string[];
  /** `after`: index into teeth of the left tooth of the contact; amount e.g. "0.3 mm"; when e.g. "before aligner 4". */
  contacts: { after: number; amount: string; when: string }[];
}

/** One row of the staging chart: a tooth's moving stages as a bar over the stage axis. */
export interface StagingBar {
  tooth: string;
  /** First and last stage it moves in (inclusive), or null when it does not move. */
  from: number | null;
  to: number | null;
  /** Stages with IPR on this tooth (a mark on the row). */
  ipr: number[];
  /** Stage its attachment is placed and removed (null: none). */
  attachment: { from: number; to: number } | null;
}

export interface ReportModel {
  title: string;
  /** Footer text on every page (patient pseudonym and plan), next to "page N of M". */
  footer: string;
  cover: {
    pseudonym: string;
    clinic: string;
    doctor: string;
    /** e.g. "Auto-setup (saved 3 Dec 2026, 14:05)" or "Working plan". */
    planVersion: string;
    planDate: string;
    /** e.g. "Studio protocol, settings 1f3a9c0b". */
    protocol: string;
    approval: {
      state: 'approved' | 'not approved' | 'void' | 'invalid';
      /** Headline, e.g. "Approved for manufacturing" or "Not approved". */
      headline: string;
      /** Signer's printed name, time, meaning, key fingerprint and whether the key is known; or why void; or why the signature fails. */
      lines: string[];
    };
    planHash: string;
    generatedAt: string;
  };
  /** Key figures: aligners per arch, wear days, duration, IPR total per arch, attachment count. */
  summary: { label: string; value: string }[];
  pictures: ReportPicture[];
  movements: ReportTable;
  ipr: { arches: IprChartArch[]; table: ReportTable };
  attachments: ReportTable;
  staging: { stageCount: number; overcorrectionFrom: number | null; bars: StagingBar[] };
  analysis: { title: string; table: ReportTable }[];
  warnings: string[];
  checklist: { label: string; status: 'pass' | 'warn' | 'fail' | 'info'; detail: string }[];
  audit: ReportTable;
}
