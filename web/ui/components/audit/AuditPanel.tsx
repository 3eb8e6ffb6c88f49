// A case's audit trail as a person reads it: newest first, when (local time), who (name and
// role) and what; the verification result on top. The trail is re-read and re-verified
// whenever the case's record changes (every audited write touches it).
import { For, Show, createResource } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../../context.ts';
import type { AuditEvent, ChainVerdict } from '../../../core/audit.ts';
import { ROLE_LABELS } from '../../state/profile.ts';
import '../share/share.css';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The case's library record's last change: a new event always comes with one. */
function caseVersion(caseId: string): () => [string, number] {
  const { library } = useStudio();
  return () => [caseId, library.state.cases.find((c) => c.id === caseId)?.updatedAt ?? 0];
}

/** The verdict on a case's trail, re-checked when the case changes; undefined while checking. */
export function useTrailVerdict(caseId: string) {
  const { services } = useStudio();
  const [verdict] = createResource(caseVersion(caseId), ([id]) => services.audit.verify(id));
  return verdict;
}

export function verdictHeadline(v: ChainVerdict, count: number): string {
  if (!v.ok) return `The audit trail has ${v.problems.length === 1 ? 'a problem' : `${v.problems.length} problems`}: it may have been altered.`;
  if (count === 0) return 'No audit events recorded for this case yet.';
  return `Audit trail intact: ${count} event${count === 1 ? '' : 's'}`;
}

export function AuditPanel(props: { caseId: string }): JSX.Element {
  const { services } = useStudio();
  const version = caseVersion(props.caseId);
  const [trail] = createResource(version, async ([id]) => {
    const [events, verdict] = await Promise.all([services.audit.list(id), services.audit.verify(id)]);
    return { events: [...events].reverse(), verdict };
  });
  return (
    <section class="audit-panel" aria-label="Audit trail" data-testid="audit-panel">
      <h3>Audit trail</h3>
      <Show when={!trail.error} fallback={<p class="share-problem" role="alert">Could not read the audit trail: {String(trail.error?.message ?? trail.error)}</p>}>
        <Show when={trail()} fallback={<p class="muted small">Checking the audit trail…</p>}>
          {(t) => (
            <>
              <div class="audit-verdict" classList={{ bad: !t().verdict.ok }} role={t().verdict.ok ? 'status' : 'alert'}
                data-testid="audit-verdict" data-ok={String(t().verdict.ok)}>
                <p>{verdictHeadline(t().verdict, t().events.length)}</p>
                <Show when={!t().verdict.ok}>
                  <ul class="audit-problems">
                    <For each={t().verdict.problems}>{(p) => <li data-kind={p.kind}>{p.message}</li>}</For>
                  </ul>
                </Show>
              </div>
              <ol class="audit-events">
                <For each={t().events}>{(e) => <AuditRow event={e} />}</For>
              </ol>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}

function AuditRow(props: { event: AuditEvent }): JSX.Element {
  const e = props.event;
  return (
    <li class="audit-event" data-testid="audit-event" data-kind={e.kind} data-seq={e.seq}>
      <time class="audit-when" dateTime={new Date(e.at).toISOString()}>{WHEN.format(e.at)}</time>
      <span class="audit-who">{e.actor.name} <span class="muted">({ROLE_LABELS[e.actor.role] ?? e.actor.role})</span></span>
      <span class="audit-what">{e.summary}</span>
    </li>
  );
}
