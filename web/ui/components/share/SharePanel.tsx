// Getting a case out: the planner exports a plan package (one case, plain) or makes an
// encrypted share link for a doctor; the doctor sends the response (comments, decisions, the
// approved version) back as a small package. Exports record who made them, so the profile's
// name is asked for first when none is set.
import { Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../../context.ts';
import type { CaseRecord } from '../../../core/types.ts';
import type { PackageKind, PackageReport } from '../../../exchange/package-types.ts';
import type { PackageSummary } from '../../../exchange/summary.ts';
import { ShareLinkDialog } from './ShareLinkDialog.tsx';
import { QaGateDialog } from './QaGateDialog.tsx';
import type { QaResult } from '../../../core/qa-gate.ts';
import type { QaGateOutcome } from '../../state/qa-gate.ts';
import { downloadBytes, errorText } from './download.ts';
import './share.css';

export interface SharePanelProps {
  caseId: string;
  record: CaseRecord;
  /** What a viewer shows before computing anything; undefined while the plan has not been derived. */
  summary: () => PackageSummary | undefined;
  kind: PackageKind;
  /** The treatment report to send with a case package (undefined while the plan is not computed); a failure leaves it out. */
  report?: () => Promise<PackageReport | undefined>;
  /** The protocol's QA gate, run before a case package leaves (ui/state/qa-gate.ts). */
  qa?: () => Promise<QaGateOutcome>;
}

export function SharePanel(props: SharePanelProps): JSX.Element {
  const { services, profile, toasts, library } = useStudio();
  const [busy, setBusy] = createSignal(false);
  const [linkOpen, setLinkOpen] = createSignal(false);
  const [asking, setAsking] = createSignal<{ result: QaResult; protocol: string; answer: (reason: string | null) => void } | null>(null);

  /**
   * Whether the plan may go to the doctor: the protocol's QA gate run and recorded (a failure
   * shown, and let through only with a reason). False: it stays, and the planner was told why.
   */
  async function passesGate(): Promise<boolean> {
    if (!props.qa) return true;
    if (!(await profile.ensureActor())) return false;
    const gate = await props.qa();
    if (gate.state === 'no-protocol') return true;
    if (gate.state === 'computing') {
      toasts.show({ kind: 'info', message: 'The plan is still being computed: its QA check runs on the computed plan. Send it once the findings are in.' });
      return false;
    }
    const reason = gate.result.passed ? undefined : await new Promise<string | null>((answer) => setAsking({ result: gate.result, protocol: gate.protocol, answer }));
    setAsking(null);
    try {
      library.upsert(await services.cases.recordQaGate(props.caseId, gate.result, reason ? { reason } : undefined));
    } catch (e) {
      toasts.show({ kind: 'error', message: `The QA check of ${props.record.pseudonym} could not be recorded: ${errorText(e)}. Nothing was sent.` });
      return false;
    }
    return gate.result.passed || !!reason;
  }

  /** The package bytes and name, or undefined (told) when it could not be made. */
  async function exportPackage(kind: PackageKind): Promise<{ bytes: Uint8Array; fileName: string } | undefined> {
    if (!(await profile.ensureActor())) return undefined;
    try {
      const report = kind === 'case' ? await props.report?.().catch(() => undefined) : undefined;
      return await services.packages.exportCase(props.caseId, { kind, summary: props.summary(), ...(report ? { report } : {}) });
    } catch (e) {
      toasts.show({ kind: 'error', message: `Could not export ${props.record.pseudonym}: ${errorText(e)}` });
      return undefined;
    }
  }

  async function download(kind: PackageKind) {
    setBusy(true);
    try {
      if (kind === 'case' && !(await passesGate())) return;
      const out = await exportPackage(kind);
      if (!out) return;
      downloadBytes(out.bytes, out.fileName);
      toasts.show({
        kind: 'info',
        message: kind === 'response'
          ? `Your response is in ${out.fileName}: send that file to the planner.`
          : `Exported ${out.fileName}: this patient only, not encrypted.`,
      });
    } finally {
      setBusy(false);
    }
  }

  async function openLink() {
    setBusy(true);
    try {
      if (await passesGate()) setLinkOpen(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="share-panel" aria-label="Share" data-testid="share-panel">
      <Show when={props.kind === 'case'} fallback={
        <button type="button" class="btn primary" data-testid="share-response" disabled={busy()} onClick={() => void download('response')}>
          Send response to planner
        </button>
      }>
        <button type="button" class="btn" data-testid="share-export" disabled={busy()} onClick={() => void download('case')}
          title="Download this case as a plan package (.aligner), unencrypted">Export package</button>
        <button type="button" class="btn" data-testid="share-link" disabled={busy()} onClick={() => void openLink()}
          title="Make an encrypted package and a link a doctor can open">Share link…</button>
      </Show>
      <Show when={asking()}>
        {(a) => <QaGateDialog result={a().result} protocol={a().protocol} onAnswer={a().answer} />}
      </Show>
      <Show when={linkOpen()}>
        <ShareLinkDialog pseudonym={props.record.pseudonym} export={() => exportPackage('case')} onClose={() => setLinkOpen(false)} />
      </Show>
    </section>
  );
}
