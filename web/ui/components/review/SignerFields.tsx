// The signer's part of an electronic signature, wherever the studio signs (a doctor's approval,
// a lead's protocol): the printed name and the passphrase of this browser's signing key, typed
// twice when the key is made now (ui/state/signing-key.ts holds the rule it is checked by).
import { Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';

export interface Signer {
  name: string;
  passphrase: string;
  passphraseAgain?: string;
}

export interface SignerFields {
  /** No signing key in this browser yet: one is made from these, so the passphrase is asked twice. */
  newKey: boolean;
  name(): string;
  /** Every field needed is filled in. */
  complete(): boolean;
  signer(): Signer;
  /** After a try, right or wrong: a passphrase is never kept on screen. */
  clearPassphrases(): void;
  setName(name: string): void;
  passphrase(): string;
  setPassphrase(value: string): void;
  again(): string;
  setAgain(value: string): void;
}

export function createSignerFields(name: string, newKey: boolean): SignerFields {
  const [signerName, setName] = createSignal(name);
  const [passphrase, setPassphrase] = createSignal('');
  const [again, setAgain] = createSignal('');
  return {
    newKey, name: signerName, setName, passphrase, setPassphrase, again, setAgain,
    complete: () => !!signerName().trim() && !!passphrase() && (!newKey || !!again()),
    signer: () => ({ name: signerName(), passphrase: passphrase(), ...(newKey ? { passphraseAgain: again() } : {}) }),
    clearPassphrases() {
      setPassphrase('');
      setAgain('');
    },
  };
}

export function SignerInputs(props: { fields: SignerFields; testIds: { name: string; passphrase: string; again: string } }): JSX.Element {
  const f = props.fields;
  return (
    <>
      <label class="review-field">
        <span>Your printed name</span>
        <input type="text" data-testid={props.testIds.name} autocomplete="name" value={f.name()} onInput={(e) => f.setName(e.currentTarget.value)} />
      </label>
      <label class="review-field">
        <span>Passphrase{f.newKey ? ' (at least 8 characters)' : ''}</span>
        <input type="password" data-testid={props.testIds.passphrase} autocomplete={f.newKey ? 'new-password' : 'current-password'}
          value={f.passphrase()} onInput={(e) => f.setPassphrase(e.currentTarget.value)} />
      </label>
      <Show when={f.newKey}>
        <label class="review-field">
          <span>Passphrase again</span>
          <input type="password" data-testid={props.testIds.again} autocomplete="new-password" value={f.again()} onInput={(e) => f.setAgain(e.currentTarget.value)} />
        </label>
      </Show>
    </>
  );
}
