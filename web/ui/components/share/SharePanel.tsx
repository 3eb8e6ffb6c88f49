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
}

export function SharePanel(props: SharePanelProps): JSX.Element {
  const { services, profile, toasts } = useStudio();
  const [busy, setBusy] = createSignal(false);
  const [linkOpen, setLinkOpen] = createSignal(false);

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

  return (
    <section class="share-panel" aria-label="Share" data-testid="share-panel">
      <Show when={props.kind === 'case'} fallback={
        <button type="button" class="btn primary" data-testid="share-response" disabled={busy()} onClick={() => void download('response')}>
          Send response to planner
        </button>
      }>
        <button type="button" class="btn" data-testid="share-export" disabled={busy()} onClick={() => void download('case')}
          title="Download this case as a plan package (.aligner), unencrypted">Export package</button>
        <button type="button" class="btn" data-testid="share-link" disabled={busy()} onClick={() => setLinkOpen(true)}
          title="Make an encrypted package and a link a doctor can open">Share link…</button>
      </Show>
      <Show when={linkOpen()}>
        <ShareLinkDialog pseudonym={props.record.pseudonym} export={() => exportPackage('case')} onClose={() => setLinkOpen(false)} />
      </Show>
    </section>
  );
}
