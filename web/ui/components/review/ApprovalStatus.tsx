// Where the case stands with its doctor: not approved yet, changes requested (with the note),
// or approved for manufacturing by whom and when, with whether the signature is by a key the
// clinic knows, and void (naming what changed) once the plan moved on from what was signed.
import { For, Match, Show, Switch } from 'solid-js';
import type { JSX } from 'solid-js';
import type { ChangeRequest } from '../../../core/review.ts';
import { formatFingerprint } from '../../../exchange/signing.ts';
import type { ReviewStore } from '../../state/review.ts';
import { ROLE_LABELS } from '../../state/profile.ts';
import { formatDateTime } from '../../format.ts';
import { useStudio } from '../../context.ts';
import './review.css';

export function ApprovalStatus(props: { review: ReviewStore }): JSX.Element {
  const { profile } = useStudio();
  const review = props.review;
  const state = () => review.approvalState();
  const ownKey = () => !!profile.state.signingFingerprint && view()?.approval.fingerprint === profile.state.signingFingerprint;
  const view = () => review.approval();
  const request = () => {
    const d = review.latestDecision();
    return d?.kind === 'changes-requested' ? d : undefined;
  };
  const signed = () => {
    const a = view()?.approval;
    return a ? `Approved for manufacturing by ${a.signer}, ${formatDateTime(a.at)}` : '';
  };

  return (
    <section class="approval-status" data-testid="approval-status" data-state={state()}
      data-decision={review.latestDecision()?.kind ?? 'none'} aria-label="Approval" aria-live="polite">
      <Switch fallback={<p class="approval-line muted">Not approved yet.</p>}>
        <Match when={request()}>{(r) => <ChangesRequested request={r()} />}</Match>
        <Match when={state() === 'checking'}>
          <p class="approval-line">{signed()} <span class="muted">· checking the signature…</span></p>
        </Match>
        <Match when={state() === 'verified'}>
          <p class="approval-line ok"><span class="approval-mark" aria-hidden="true">✓</span> {signed()} <span class="approval-trust">· verified: {view()?.trustedName}</span></p>
        </Match>
        <Match when={state() === 'unknown-key'}>
          <p class="approval-line warn"><span class="approval-mark" aria-hidden="true">!</span> {signed()} <span class="approval-trust">· unknown key (fingerprint {formatFingerprint(view()?.approval.fingerprint ?? '')})</span></p>
          <p class="approval-hint muted">
            {ownKey()
              ? 'Signed with this browser\'s own key. For planners to see "verified", the clinic adds its fingerprint (shown in Settings) to its list of doctors\' keys.'
              : 'The signature is valid, but this key is not on the clinic\'s list of doctors\' keys (Settings). Check the fingerprint with the doctor before relying on it.'}
          </p>
        </Match>
        <Match when={state() === 'invalid'}>
          <p class="approval-line bad" role="alert"><span class="approval-mark" aria-hidden="true">✗</span> The approval by {view()?.approval.signer} does not verify: it was altered after signing or is not genuine. Treat this plan as not approved.</p>
        </Match>
        <Match when={state() === 'void'}>
          <div class="approval-void" role="alert">
            <p class="approval-line bad"><span class="approval-mark" aria-hidden="true">✗</span> Approval void: the plan changed after approval{view()?.differences.length ? ':' : '.'}</p>
            <Show when={view()?.differences.length}>
              <ul class="approval-changes" data-testid="approval-changes">
                <For each={view()?.differences ?? []}>{(d) => <li>{d}</li>}</For>
              </ul>
            </Show>
            <Show when={view()?.differencesNote}>{(n) => <p class="approval-hint">{n()}</p>}</Show>
            <p class="approval-hint muted">{signed()}. The approved version "{view()?.approval.versionName}" is kept under Versions.</p>
          </div>
        </Match>
      </Switch>
      <Show when={review.error()}>{(m) => <p class="inline-error" role="alert">{m()}</p>}</Show>
    </section>
  );
}

function ChangesRequested(props: { request: ChangeRequest }): JSX.Element {
  const r = () => props.request;
  const count = () => r().commentIds.length;
  return (
    <div class="approval-request" data-testid="changes-requested">
      <p class="approval-line warn">
        <span class="approval-mark" aria-hidden="true">!</span> Changes requested by {r().by.name} ({ROLE_LABELS[r().by.role]}), {formatDateTime(r().at)}
        <Show when={count() > 0}><span class="muted"> · {count()} comment{count() === 1 ? '' : 's'}</span></Show>
      </p>
      <Show when={r().note}><blockquote class="approval-note" data-testid="changes-note">{r().note}</blockquote></Show>
    </div>
  );
}
