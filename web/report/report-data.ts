// The treatment report's content, worded once from a case and its derived plan (the headless
// pipeline's DerivedPlan): what the PDF lays out and what the CSVs hold. Dates are written with
// Intl in the caller's time zone; numbers with their units, signs as core/pose.ts defines them.
import type { Fdi } from '../core/fdi.ts';
import { archOrder, jawOf, positionOf } from '../core/fdi.ts';
import { JAWS, type Jaw } from '../core/types.ts';
import type { AuditEvent } from '../core/audit.ts';
import { SHAPE_LABEL, type Attachment } from '../core/attachments.ts';
import { hashOf } from '../core/canonical.ts';
import { durationText, iprTimingText } from '../core/plan-wording.ts';
import type { ToothMovement } from '../core/pose.ts';
import { boltonAnalysis, type BoltonRatio } from '../geometry/setup/analysis.ts';
import { autoSetup } from '../geometry/setup/auto-setup.ts';
import type { SpaceAnalysis } from '../geometry/setup/arch-setup.ts';
import type { DerivedPlan, PreparedCase } from '../pipeline/derive.ts';
import type { IprChartArch, ReportModel, ReportPicture, ReportTable, StagingBar } from './report-model.ts';

/** The approval as the caller found it (signatures are checked with WebCrypto, outside this pure code). */
export type ReportApproval =
  | { state: 'approved'; signer: string; at: number; meaning: string; fingerprint: string; key: 'verified' | 'unknown key'; knownAs?: string; versionName: string }
  | { state: 'void'; signer: string; at: number; fingerprint: string; versionName: string; changes: string[] }
  /** A signature that does not verify: altered after signing, or not made with the key it carries. Never shown as approved, nor as a lapsed approval. */
  | { state: 'invalid'; signer: string; at: number; fingerprint: string }
  | { state: 'not approved' };

/** What the report needs of a derived plan: the pipeline's DerivedPlan, or the studio's plan session's same values. */
export type ReportPlan = Pick<DerivedPlan, 'plan' | 'staging' | 'movements' | 'warnings' | 'checklist'>;

export interface ReportSource {
  case: { id: string; pseudonym: string; clinic: string; doctor: string };
  /** The saved version the report is of; null: the working plan. */
  version: { name: string; savedAt: number } | null;
  derived: ReportPlan;
  prepared: PreparedCase;
  approval: ReportApproval;
  audit: readonly AuditEvent[];
  planHash: string;
  pictures: ReportPicture[];
  now: number;
  /** Intl options for dates: a test pins them. */
  locale?: string;
  timeZone?: string;
}

const COMPONENTS: { key: keyof ToothMovement; label: string; unit: 'mm' | 'deg' }[] = [
  { key: 'mesial', label: 'Mesial (mm)', unit: 'mm' },
  { key: 'buccal', label: 'Buccal (mm)', unit: 'mm' },
  { key: 'extrusion', label: 'Extrusion (mm)', unit: 'mm' },
  { key: 'tip', label: 'Tip (deg)', unit: 'deg' },
  { key: 'torque', label: 'Torque (deg)', unit: 'deg' },
  { key: 'rotation', label: 'Rotation (deg)', unit: 'deg' },
];

/** "+0.30", "-2.5", "0" — a movement component as the tables write it. */
export function signedText(value: number, unit: 'mm' | 'deg'): string {
  const digits = unit === 'mm' ? 2 : 1;
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return '0';
  return `${rounded > 0 ? '+' : '-'}${Math.abs(rounded).toFixed(digits)}`;
}

const mmText = (v: number) => `${v.toFixed(2)} mm`;
const stageName = (s: number) => (s === 0 ? 'template' : `aligner ${s}`);


function boltonRow(name: string, r: BoltonRatio | null): string[] {
  if (!r) return [name, '-', '-', '-', '-', 'a tooth is missing'];
  const excess = r.excessArch === 'none' ? 'within the norm' : `${r.excessArch} ${r.excessMm.toFixed(1)} mm too much`;
  return [name, r.upperSumMm.toFixed(1), r.lowerSumMm.toFixed(1), `${r.ratioPercent.toFixed(1)} %`, `${r.normPercent.toFixed(1)} %`, excess];
}

const spaceMm = (v: number) => `${v > 0.05 ? '+' : ''}${(Math.abs(v) < 0.05 ? 0 : v).toFixed(1)}`;

/**
 * Arch length available and required in front of the first molars, measured on the teeth as
 * they stand (the measurement auto-setup starts from, whatever plan was made since), against
 * the IPR the plan strips there: what is left is gained or closed by moving teeth.
 */
function spaceAnalysisTable(src: ReportSource): ReportTable {
  const teeth = Object.fromEntries(src.prepared.parts.map((p) => [p.jaw, p.teeth]));
  let measured: Partial<Record<Jaw, SpaceAnalysis | null>> = {};
  try {
    measured = autoSetup({ upper: teeth.upper, lower: teeth.lower }).spaceAnalysis;
  } catch {
    // A tooth without a measured width: every row says the arch cannot be measured.
  }
  // Contacts in front of the first molars' distal faces; 16/17 and beyond are outside the measured length.
  const iprInFront = (jaw: Jaw) => src.derived.plan.ipr
    .filter((i) => jawOf(i.a) === jaw && Math.min(positionOf(i.a), positionOf(i.b)) < 6)
    .reduce((sum, i) => sum + i.amountMm, 0);
  return {
    columns: ['Arch', 'Available (mm)', 'Required (mm)', 'Crowding (-) / spacing (+) (mm)', 'Right / left (mm)', 'IPR planned (mm)', 'Left after IPR (mm)'],
    widths: [0.7, 1, 1, 1.4, 1.1, 1, 1.1],
    numeric: [false, true, true, true, true, true, true],
    rows: src.prepared.parts.map((p) => {
      const m = measured[p.jaw];
      if (!m) return [p.jaw, '-', '-', 'a first molar is missing, or a tooth has no width', '-', iprInFront(p.jaw).toFixed(2), '-'];
      const ipr = iprInFront(p.jaw);
      const side = (s: { availableMm: number; requiredMm: number }) => spaceMm(s.availableMm - s.requiredMm);
      return [p.jaw, m.availableMm.toFixed(1), m.requiredMm.toFixed(1), spaceMm(m.discrepancyMm), `${side(m.right)} / ${side(m.left)}`, ipr.toFixed(2), spaceMm(m.discrepancyMm + ipr)];
    }),
    empty: 'No arch to measure.',
  };
}

function stagingBars(src: ReportSource): StagingBar[] {
  const { derived } = src;
  return derived.movements.map((m) => {
    const moving = m.active > 0;
    const ipr = derived.plan.ipr.filter((p) => p.a === m.fdi || p.b === m.fdi).map((p) => p.stage).sort((a, b) => a - b);
    const att = derived.plan.attachments.find((a) => a.fdi === m.fdi);
    const last = archLast(derived.staging, m.fdi);
    return {
      tooth: String(m.fdi),
      from: moving ? m.start + 1 : null,
      to: moving ? m.start + m.active : null,
      ipr,
      attachment: att ? { from: att.stagePlaced, to: att.stageRemoved ?? last } : null,
    };
  });
}

function iprChart(src: ReportSource): IprChartArch[] {
  const present = new Set(src.prepared.parts.flatMap((p) => p.teeth.map((t) => t.fdi)));
  const jaws = JAWS.filter((j) => src.prepared.parts.some((p) => p.jaw === j));
  return jaws.map((jaw) => {
    const teeth = archOrder(jaw).filter((f) => present.has(f));
    const contacts = src.derived.plan.ipr.filter((i) => jawOf(i.a) === jaw).map((i) => {
      const [x, y] = [teeth.indexOf(i.a), teeth.indexOf(i.b)];
      return { after: Math.min(x, y), amount: mmText(i.amountMm), when: iprTimingText(i.stage) };
    }).filter((c) => c.after >= 0).sort((a, b) => a.after - b.after);
    return { jaw, teeth: teeth.map(String), contacts };
  });
}

/** The last aligner of a tooth's arch: an attachment kept "to the end" comes off with it. */
function archLast(staging: ReportPlan['staging'], fdi: Fdi): number {
  return staging.arches.find((a) => a.jaw === jawOf(fdi))?.aligners ?? staging.stageCount - 1;
}

function attachmentRows(attachments: readonly Attachment[], staging: ReportPlan['staging']): string[][] {
  return [...attachments].sort((a, b) => a.fdi - b.fdi).map((a) => [
    String(a.fdi), SHAPE_LABEL[a.shape], a.surface, `${a.widthMm} x ${a.heightMm} x ${a.depthMm}`,
    stageName(a.stagePlaced), a.stageRemoved === null ? `end (${stageName(archLast(staging, a.fdi))})` : `after ${stageName(a.stageRemoved)}`, a.reason,
  ]);
}

export function reportModel(src: ReportSource): ReportModel {
  const { derived } = src;
  const when = new Intl.DateTimeFormat(src.locale ?? 'en-GB', { dateStyle: 'medium', timeStyle: 'short', ...(src.timeZone ? { timeZone: src.timeZone } : {}) });
  const at = (ms: number) => when.format(new Date(ms));
  const staging = derived.staging;
  const planVersion = src.version ? src.version.name : 'Working plan';
  const jaws = src.prepared.parts.map((p) => p.jaw);
  const iprTotal = (jaw: Jaw) => derived.plan.ipr.filter((i) => jawOf(i.a) === jaw);

  const approval = ((): ReportModel['cover']['approval'] => {
    const a = src.approval;
    if (a.state === 'approved') {
      return {
        state: 'approved', headline: a.meaning.charAt(0).toUpperCase() + a.meaning.slice(1),
        lines: [`Signed by ${a.signer}, ${at(a.at)}`, `Plan version: ${a.versionName}`, `Key ${a.fingerprint}`, a.key === 'verified' ? `Verified: ${a.knownAs ?? a.signer} is on this clinic's list of keys` : 'Unknown key: not on this clinic\'s list of keys'],
      };
    }
    if (a.state === 'void') {
      return {
        state: 'void', headline: 'Approval void: the plan changed after it was signed',
        lines: [`Signed by ${a.signer}, ${at(a.at)} (version ${a.versionName}), key ${a.fingerprint}`, ...a.changes.map((c) => `Changed since: ${c}`)],
      };
    }
    if (a.state === 'invalid') {
      return {
        state: 'invalid', headline: 'Not approved: the signature is invalid',
        lines: [`An approval in the name of ${a.signer}, ${at(a.at)}, key ${a.fingerprint}, does not verify: it was altered after signing, or not signed with the key it carries.`, 'Treat this plan as not approved.'],
      };
    }
    return { state: 'not approved', headline: 'Not approved', lines: ['No doctor has signed this plan.'] };
  })();

  const summary: { label: string; value: string }[] = [
    ...staging.arches.filter((a) => jaws.includes(a.jaw)).map((a) => ({ label: `Aligners, ${a.jaw}`, value: `${a.aligners}${staging.overcorrectionStages ? ` (${staging.overcorrectionStages} over-correction)` : ''}` })),
    { label: 'Wear per aligner', value: `${staging.wearDays} days` },
    { label: 'Treatment time', value: `${durationText(staging.durationDays)} (${staging.durationDays} days)` },
    ...jaws.map((jaw) => {
      const rows = iprTotal(jaw);
      return { label: `IPR total, ${jaw}`, value: `${rows.reduce((s, i) => s + i.amountMm, 0).toFixed(2)} mm at ${rows.length} contact${rows.length === 1 ? '' : 's'}` };
    }),
    { label: 'Attachments', value: `${derived.plan.attachments.length}${jaws.map((j) => `, ${j} ${derived.plan.attachments.filter((a) => jawOf(a.fdi) === j).length}`).join('')}` },
    { label: 'Warnings', value: derived.warnings.length === 0 ? 'none' : String(derived.warnings.length) },
  ];

  const movements: ReportTable = {
    columns: ['Tooth', ...COMPONENTS.map((c) => c.label), 'Moves in'],
    widths: [0.7, 1, 1, 1.1, 0.9, 1, 1.1, 1.4],
    numeric: [false, true, true, true, true, true, true, false],
    rows: derived.movements.map((m) => [
      String(m.fdi), ...COMPONENTS.map((c) => signedText(m.final[c.key], c.unit)),
      m.active > 0 ? `aligners ${m.start + 1}-${m.start + m.active}` : 'stays',
    ]),
    empty: 'No tooth has axes: segment the arches to plan.',
  };

  const widths = new Map<Fdi, number>(src.prepared.parts.flatMap((p) => p.teeth.map((t) => [t.fdi, t.widthMm] as const)));
  const bolton = jaws.includes('upper') && jaws.includes('lower') ? boltonAnalysis(widths) : null;
  const analysis: ReportModel['analysis'] = [
    {
      title: 'Tooth widths and IPR per arch',
      table: {
        columns: ['Arch', 'Teeth', 'Sum of widths (mm)', 'IPR planned (mm)', 'Widths after IPR (mm)'],
        numeric: [false, true, true, true, true],
        rows: src.prepared.parts.map((p) => {
          const sum = p.teeth.reduce((s, t) => s + t.widthMm, 0);
          const ipr = iprTotal(p.jaw).reduce((s, i) => s + i.amountMm, 0);
          return [p.jaw, String(p.teeth.length), sum.toFixed(1), ipr.toFixed(2), (sum - ipr).toFixed(1)];
        }),
      },
    },
    { title: 'Space analysis (arch length in front of the first molars)', table: spaceAnalysisTable(src) },
    {
      title: 'Bolton analysis (lower / upper tooth widths)',
      table: {
        columns: ['Ratio', 'Upper (mm)', 'Lower (mm)', 'Ratio', 'Norm', 'Discrepancy'],
        numeric: [false, true, true, true, true, false],
        rows: bolton ? [boltonRow('Anterior (3-3)', bolton.anterior), boltonRow('Overall (6-6)', bolton.overall)] : [],
        empty: 'Bolton needs both arches.',
      },
    },
  ];

  return {
    title: 'Treatment plan report',
    footer: `${src.case.pseudonym} · ${planVersion} · plan ${src.planHash.slice(0, 12)}`,
    cover: {
      pseudonym: src.case.pseudonym, clinic: src.case.clinic || '-', doctor: src.case.doctor || '-',
      planVersion: src.version ? `${src.version.name} (saved ${at(src.version.savedAt)})` : 'Working plan (not saved as a version)',
      planDate: at(src.version?.savedAt ?? src.now),
      protocol: `Studio protocol, settings ${hashOf(derived.plan.protocol).slice(0, 8)} (wear ${derived.plan.protocol.wearDays} days, IPR at most ${derived.plan.protocol.iprMaxPerContactMm} mm per contact)`,
      approval,
      planHash: src.planHash,
      generatedAt: at(src.now),
    },
    summary,
    pictures: src.pictures,
    movements,
    ipr: {
      arches: iprChart(src),
      table: {
        columns: ['Contact', 'Amount', 'When'],
        numeric: [false, true, false],
        rows: [...derived.plan.ipr].sort((a, b) => a.stage - b.stage || a.a - b.a).map((i) => [`${Math.min(i.a, i.b)}/${Math.max(i.a, i.b)}`, mmText(i.amountMm), iprTimingText(i.stage)]),
        empty: 'No IPR in this plan.',
      },
    },
    attachments: {
      columns: ['Tooth', 'Shape', 'Surface', 'Size w x h x d (mm)', 'Placed', 'Removed', 'Why'],
      widths: [0.6, 1.6, 0.8, 1.3, 0.9, 1.3, 1],
      rows: attachmentRows(derived.plan.attachments, staging),
      empty: 'No attachments in this plan.',
    },
    staging: { stageCount: staging.stageCount, overcorrectionFrom: staging.overcorrectionStages > 0 ? staging.stageCount - staging.overcorrectionStages : null, bars: stagingBars(src) },
    analysis,
    warnings: derived.warnings,
    checklist: derived.checklist.map((c) => ({ label: c.label, status: c.status, detail: c.detail })),
    audit: {
      columns: ['When', 'Who', 'What'],
      widths: [1.2, 1.2, 3.6],
      rows: [...src.audit].sort((a, b) => a.seq - b.seq).map((e) => [at(e.at), `${e.actor.name} (${e.actor.role})`, e.summary]),
      empty: 'No recorded events.',
    },
  };
}
