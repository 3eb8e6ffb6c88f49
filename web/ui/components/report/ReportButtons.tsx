// The treatment report from the case view and the doctor's review: a PDF (A4 or US Letter)
// and the tables as CSV, made in the report worker from the plan as it stands (only once the
// engine's findings are the current plan's, so a report never pairs one plan's numbers with
// another's hash), with the approval as the review sees it and the case's audit trail.
import { createSignal, Show, type JSX } from 'solid-js';
import { zipSync, strToU8 } from 'fflate';
import { JAWS, type CaseRecord } from '../../../core/types.ts';
import { movementTable, planWarnings } from '../../../pipeline/index.ts';
import { formatFingerprint } from '../../../exchange/signing.ts';
import type { ReportApproval } from '../../../report/report-data.ts';
import type { Paper } from '../../../report/report-model.ts';
import type { ReportRequest } from '../../../report/report.ts';
import { reportFileName } from '../../../report/report-file-name.ts';
import { useStudio } from '../../context.ts';
import type { StudioServices } from '../../services.ts';
import type { PlanSession } from '../../state/plan-types.ts';
import type { ApprovalView, ReviewStore } from '../../state/review.ts';
import { downloadBytes, errorText } from '../share/download.ts';
import './report.css';

/** The approval as the report states it: an unchecked or invalid signature approves nothing. */
export function reportApproval(view: ApprovalView | null): ReportApproval {
  if (!view || view.trust === 'checking') return { state: 'not approved' };
  const a = view.approval;
  const fingerprint = formatFingerprint(a.fingerprint);
  if (view.trust === 'invalid') return { state: 'invalid', signer: a.signer, at: a.at, fingerprint };
  if (view.void) return { state: 'void', signer: a.signer, at: a.at, fingerprint, versionName: a.versionName, changes: view.differences.length ? view.differences : ['the plan or its scans'] };
  return { state: 'approved', signer: a.signer, at: a.at, meaning: a.meaning, fingerprint, key: view.trust === 'verified' ? 'verified' : 'unknown key', ...(view.trustedName ? { knownAs: view.trustedName } : {}), versionName: a.versionName };
}

/** The plan is computed (its findings are the current plan's) and its content hash known: a report may be made. */
export function reportReady(plan: PlanSession, review: ReviewStore): boolean {
  return plan.state.phase === 'ready' && !plan.state.computing && !!plan.staging() && review.currentHash() !== undefined;
}

/** What the report worker needs, from the open case as it stands (call only when reportReady). */
export async function reportRequest(from: { record: CaseRecord; plan: PlanSession; review: ReviewStore; audit: Pick<StudioServices['audit'], 'list'>; paper: Paper }): Promise<ReportRequest> {
  const { plan, review, record: r } = from;
  const staging = plan.staging()!, parts = plan.parts()!;
  const prepared = { parts: JAWS.flatMap((j) => parts[j] ?? []) };
  const findings = plan.findings();
  const warnings = findings ? planWarnings(staging, findings, prepared) : [...staging.warnings.map((w) => w.message), ...prepared.parts.flatMap((p) => p.skipped)];
  return {
    case: { id: r.id, pseudonym: r.pseudonym, clinic: r.clinic, doctor: r.doctor },
    version: null,
    derived: { plan: plan.plan(), staging, movements: movementTable(staging, prepared), warnings, checklist: plan.checklist() ?? [] },
    prepared,
    approval: reportApproval(review.approval()),
    audit: await from.audit.list(r.id),
    planHash: review.currentHash()!,
    meshes: plan.arches(),
    now: Date.now(),
    paper: from.paper,
  };
}

export function ReportButtons(props: { record: CaseRecord; plan: PlanSession; review: ReviewStore }): JSX.Element {
  const { services } = useStudio();
  const [paper, setPaper] = createSignal<Paper>('a4');
  const [busy, setBusy] = createSignal<'pdf' | 'csv' | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const ready = () => reportReady(props.plan, props.review);

  const request = () => reportRequest({ record: props.record, plan: props.plan, review: props.review, audit: services.audit, paper: paper() });

  async function make(what: 'pdf' | 'csv') {
    const maker = services.reports;
    if (!maker || busy() || !ready()) return;
    setBusy(what);
    setProblem(null);
    try {
      const made = await maker.make(await request());
      const name = (ext: string) => reportFileName(props.record.pseudonym, 'plan-report', Date.now(), ext);
      if (what === 'pdf') downloadBytes(made.pdf, name('pdf'), 'application/pdf');
      else downloadBytes(zipSync(Object.fromEntries(made.csvs.map((c) => [c.name, strToU8(c.text)]))), name('csv.zip'), 'application/zip');
    } catch (e) {
      setProblem(`The report could not be made: ${errorText(e)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Show when={services.reports}>
      <div class="report-buttons" data-testid="report-buttons">
        <label class="small">Paper{' '}
          <select data-testid="report-paper" value={paper()} onChange={(e) => setPaper(e.currentTarget.value as Paper)}>
            <option value="a4">A4</option>
            <option value="letter">US Letter</option>
          </select>
        </label>
        <button type="button" class="btn small" data-testid="report-pdf" disabled={!ready() || busy() !== null}
          title={ready() ? 'The treatment report as a PDF: cover, pictures, movements, IPR, attachments, staging, checks, audit' : 'Available once the plan is computed'}
          onClick={() => void make('pdf')}>{busy() === 'pdf' ? 'Making the report…' : 'Report (PDF)'}</button>
        <button type="button" class="btn small ghost" data-testid="report-csv" disabled={!ready() || busy() !== null}
          title="The movement table, IPR and attachments as CSV files (one zip)"
          onClick={() => void make('csv')}>{busy() === 'csv' ? 'Making the tables…' : 'Tables (CSV)'}</button>
        <Show when={problem()}>{(p) => <p class="share-problem small" role="alert" data-testid="report-problem">{p()}</p>}</Show>
      </div>
    </Show>
  );
}
