// The doctor's electronic signature (21 CFR 11.50): the printed name, the date and time, and the
// meaning "approved for manufacturing", bound to this plan's content hash. The plan is saved as
// a version named for the approval. A browser without a signing key makes one first, from the
// name and a passphrase typed twice: the passphrase is never stored and cannot be recovered.
import { Show, createSignal, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { APPROVAL_MEANING } from '../../../core/review.ts';
import { formatFingerprint } from '../../../exchange/signing.ts';
import type { ReviewStore } from '../../state/review.ts';
import { useStudio } from '../../context.ts';
import { errorText } from '../share/download.ts';
import { SignerInputs, createSignerFields } from './SignerFields.tsx';
import './review.css';

export function ApproveDialog(props: {
  review: ReviewStore;
  /** The plan in one line (aligners, treatment time), as the doctor saw it. */
  planLine: string;
  onClose(): void;
  onDone(): void;
}): JSX.Element {
  const { profile } = useStudio();
  const newKey = !profile.state.hasSigningKey;
  const signer = createSignerFields(profile.state.actor?.name ?? '', newKey);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());

  const hash = () => props.review.currentHash();

  async function sign(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await props.review.approve(signer.signer());
      // The new key (if one was made) shows in Settings, with its fingerprint for the clinic's list.
      if (newKey) await profile.load();
      props.onDone();
    } catch (err) {
      setError(errorText(err));
      signer.clearPassphrases();
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} class="review-dialog approve-dialog" aria-labelledby="approve-title" data-testid="approve-dialog"
      onCancel={(e) => { e.preventDefault(); if (!busy()) props.onClose(); }}>
      <form class="review-dialog-body" onSubmit={sign}>
        <h2 id="approve-title">Approve this plan</h2>
        <dl class="approve-facts">
          <dt>Meaning</dt><dd class="plan-strong" data-testid="approve-meaning">{APPROVAL_MEANING}</dd>
          <dt>Plan</dt><dd>{props.planLine}</dd>
          <dt>Saved as</dt><dd data-testid="approve-version">version "Approved by {signer.name().trim() || 'your name'}, date and time of signing"</dd>
          <dt>Content hash</dt><dd class="fingerprint" title={hash() ?? ''}>{hash() ? formatFingerprint(hash()!) : 'the plan is still loading…'}</dd>
        </dl>
        <Show when={newKey}>
          <p class="approve-newkey" data-testid="approve-newkey">
            This browser has no signing key yet: one is made now from your name and a passphrase.
            The passphrase is never stored and cannot be recovered; without it this key cannot sign again.
          </p>
        </Show>
        <SignerInputs fields={signer} testIds={{ name: 'approve-name', passphrase: 'approve-passphrase', again: 'approve-passphrase-again' }} />
        <p class="muted small">
          Signing binds your name, the date and time and this meaning to exactly this plan and these scans.
          Any later change to the plan shows this approval as void.
        </p>
        <Show when={error()}>{(m) => <p class="inline-error" role="alert" data-testid="approve-error">{m()}</p>}</Show>
        <div class="review-dialog-actions">
          <button type="button" class="btn" data-testid="approve-cancel" disabled={busy()} onClick={() => props.onClose()}>Cancel</button>
          <button type="submit" class="btn primary" data-testid="approve-confirm"
            disabled={busy() || !hash() || !signer.complete()}>
            {busy() ? (newKey ? 'Making your key and signing…' : 'Signing…') : 'Sign and approve'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
