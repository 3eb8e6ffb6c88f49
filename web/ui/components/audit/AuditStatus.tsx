// The banner a case shows only when its audit trail fails verification (an event edited,
// removed or reordered since it was written): checked when the case opens and again whenever
// its record changes. Silent while the trail is intact.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { useTrailVerdict } from './AuditPanel.tsx';
import '../share/share.css';

export function AuditStatus(props: { caseId: string }): JSX.Element {
  const verdict = useTrailVerdict(props.caseId);
  // A trail that could not be read at all is the audit panel's to report; the banner is for tampering.
  const failed = () => {
    const v = verdict.error ? undefined : verdict();
    return v && !v.ok ? v : undefined;
  };
  return (
    <Show when={failed()}>
      {(v) => (
        <div class="audit-status" role="alert" data-testid="audit-status">
          <strong>This case's audit trail does not verify: its records may have been altered outside the studio.</strong>
          <ul class="audit-problems">
            <For each={v().problems.slice(0, 4)}>{(p) => <li data-kind={p.kind}>{p.message}</li>}</For>
            <Show when={v().problems.length > 4}><li>and {v().problems.length - 4} more (see the audit trail).</li></Show>
          </ul>
        </div>
      )}
    </Show>
  );
}
