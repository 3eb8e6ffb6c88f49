// The QA gate's failures, before a plan goes to the doctor: each reason the protocol's
// checklist gives, and the two ways on: back to the plan, or send it anyway with a reason that
// goes into the audit trail (a blank one does not send).
import { For, Show, createSignal, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { QA_OVERRIDE_NEEDS_REASON } from '../../../core/case-pipeline.ts';
import type { QaResult } from '../../../core/qa-gate.ts';
import './share.css';

export function QaGateDialog(props: { result: QaResult; protocol: string; onAnswer: (reason: string | null) => void }): JSX.Element {
  const [reason, setReason] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  let dialog!: HTMLDialogElement;
  let back: HTMLButtonElement | undefined;
  onMount(() => {
    dialog.showModal();
    back?.focus();
  });

  function send(e: Event) {
    e.preventDefault();
    if (!reason().trim()) return void setProblem(QA_OVERRIDE_NEEDS_REASON);
    dialog.close();
    props.onAnswer(reason().trim());
  }

  return (
    <dialog ref={dialog} class="share-dialog" data-testid="qa-gate-dialog" aria-labelledby="qa-gate-title" onCancel={() => props.onAnswer(null)}>
      <form class="share-body" onSubmit={send}>
        <h2 id="qa-gate-title">QA: the plan does not pass {props.protocol}</h2>
        <p class="muted small">The protocol's checklist found what follows. Fix it in the plan, or send the plan anyway and say why.</p>
        <ul class="qa-failures" data-testid="qa-failures">
          <For each={props.result.failures}>{(f) => <li data-testid="qa-failure">{f}</li>}</For>
        </ul>
        <label for="qa-override-reason">Why send it anyway? (kept in the audit trail)</label>
        <textarea id="qa-override-reason" rows="2" data-testid="qa-override-reason" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
        <Show when={problem()}>{(p) => <p class="share-problem" role="alert" data-testid="qa-override-problem">{p()}</p>}</Show>
        <div class="share-actions">
          <button type="button" class="btn" ref={back} data-testid="qa-back" onClick={() => { dialog.close(); props.onAnswer(null); }}>Back to the plan</button>
          <button type="submit" class="btn primary" data-testid="qa-override">Send anyway</button>
        </div>
      </form>
    </dialog>
  );
}
