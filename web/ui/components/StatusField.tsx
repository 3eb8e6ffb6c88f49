// The case's place in the pipeline. The work moves it by itself (a plan started, sent, approved,
// changes requested); a person moves it only with a reason, which goes into the audit trail.
// Another tab's move since this one last saw the case is not overwritten: the move is refused.
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { STATUS_LABELS } from '../../core/case-pipeline.ts';
import { CASE_STATUSES, type CaseRecord, type CaseStatus } from '../../core/types.ts';
import { useStudio } from '../context.ts';

export function StatusField(props: { record: CaseRecord; readOnly?: boolean }): JSX.Element {
  const { services, library } = useStudio();
  const [target, setTarget] = createSignal<CaseStatus | null>(null);
  const [reason, setReason] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let reasonInput: HTMLInputElement | undefined;

  function choose(to: CaseStatus) {
    setProblem(null);
    if (to === props.record.status) return void setTarget(null);
    setTarget(to);
    queueMicrotask(() => reasonInput?.focus());
  }

  async function move(e: Event) {
    e.preventDefault();
    const to = target();
    if (!to || busy()) return;
    setBusy(true);
    try {
      library.upsert(await services.cases.moveStatus(props.record.id, { to, reason: reason() }, props.record.status));
      setTarget(null);
      setReason('');
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="field status-field">
      <label class="field-label" for="case-status">Status</label>
      <select id="case-status" data-testid="case-status" disabled={props.readOnly} value={target() ?? props.record.status}
        onChange={(e) => choose(e.currentTarget.value as CaseStatus)}>
        <For each={CASE_STATUSES}>{(s) => <option value={s}>{STATUS_LABELS[s]}</option>}</For>
      </select>
      <Show when={target()}>
        {(to) => (
          <form class="status-move" onSubmit={(e) => void move(e)} data-testid="status-move">
            <label for="status-reason" class="field-label">Why move it from {STATUS_LABELS[props.record.status]} to {STATUS_LABELS[to()]}?</label>
            <input id="status-reason" ref={reasonInput} type="text" data-testid="status-reason" value={reason()} placeholder="Kept in the audit trail"
              onInput={(e) => setReason(e.currentTarget.value)} />
            <button type="submit" class="btn small primary" data-testid="status-move-confirm" disabled={busy()}>Move</button>
            <button type="button" class="btn small" data-testid="status-move-cancel" onClick={() => { setTarget(null); setProblem(null); }}>Cancel</button>
          </form>
        )}
      </Show>
      <Show when={problem()}>{(p) => <p class="inline-error" role="alert" data-testid="status-problem">{p()}</p>}</Show>
    </div>
  );
}
