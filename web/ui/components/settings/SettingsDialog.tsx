// The studio's settings: who is using it (a name and a role: every comment, approval and audit
// event names them; there are no accounts), this browser's signing key, and the clinic's list
// of its doctors' key fingerprints (an approval signed by one of them shows "verified: <name>").
// Opened from the header, or by an action that must record who acted and finds no name yet.
import { For, Show, createEffect, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../../context.ts';
import { ROLES } from '../../../core/review.ts';
import type { Role } from '../../../core/review.ts';
import { formatFingerprint } from '../../../exchange/signing.ts';
import { ROLE_LABELS } from '../../state/profile.ts';
import { ProtocolsSection } from './ProtocolsSection.tsx';
import '../share/share.css';

export function SettingsDialog(): JSX.Element {
  const { profile } = useStudio();
  const [name, setName] = createSignal('');
  const [role, setRole] = createSignal<Role>('planner');
  const [problem, setProblem] = createSignal<string | null>(null);
  let dialog!: HTMLDialogElement;
  let nameInput: HTMLInputElement | undefined;

  createEffect(() => {
    const request = profile.settings();
    if (request && !dialog.open) {
      setName(profile.state.actor?.name ?? '');
      setRole(profile.state.actor?.role ?? 'planner');
      setProblem(null);
      dialog.showModal();
      nameInput?.focus();
    }
    if (!request && dialog.open) dialog.close();
  });
  const required = () => profile.settings()?.reason === 'required';

  async function save(e: Event) {
    e.preventDefault();
    if (!name().trim()) {
      setProblem('Give your name: every comment, approval and record names who made it.');
      return;
    }
    try {
      await profile.save({ name: name(), role: role() });
      profile.closeSettings();
    } catch (err) {
      setProblem(`Could not save the profile: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return (
    <dialog class="share-dialog settings-dialog" ref={dialog} aria-labelledby="settings-title" data-testid="settings-dialog"
      onCancel={(e) => { e.preventDefault(); profile.closeSettings(); }}>
      <form class="share-body" onSubmit={save}>
        <h2 id="settings-title">{required() ? 'Who is using this studio?' : 'Settings'}</h2>
        <p class="muted">
          Comments, approvals and the audit trail name the person who acted. There are no accounts: your name and role
          are kept in this browser only.
        </p>
        <div class="settings-grid">
          <label for="profile-name">Your name</label>
          <input id="profile-name" type="text" data-testid="profile-name" autocomplete="name" placeholder="e.g. Dr Ana Ruiz"
            ref={nameInput} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          <label for="profile-role">Role</label>
          <select id="profile-role" data-testid="profile-role" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <For each={ROLES}>{(r) => <option value={r}>{ROLE_LABELS[r]}</option>}</For>
          </select>
        </div>
        <Show when={role() === 'doctor'}>
          <p class="muted small">As a doctor you review plans: cases open without editing tools.</p>
        </Show>
        <Show when={problem()}>{(p) => <p class="share-problem" role="alert">{p()}</p>}</Show>

        <Show when={!required()}>
          <SigningKeySection />
          <KnownKeysSection />
          <ProtocolsSection />
        </Show>

        <div class="share-actions">
          <button type="button" class="btn" onClick={() => profile.closeSettings()}>{required() ? 'Cancel' : 'Close'}</button>
          <button type="submit" class="btn primary" data-testid="profile-save">Save</button>
        </div>
      </form>
    </dialog>
  );
}

function SigningKeySection(): JSX.Element {
  const { profile, toasts } = useStudio();
  const copy = async (fp: string) => {
    try {
      await navigator.clipboard.writeText(formatFingerprint(fp));
      toasts.show({ kind: 'info', message: 'Fingerprint copied.' }, 3000);
    } catch {
      toasts.show({ kind: 'info', message: 'The browser did not allow copying: select the fingerprint and copy it.' });
    }
  };
  return (
    <section class="settings-section" aria-labelledby="signing-key-title">
      <h3 id="signing-key-title">This browser's signing key</h3>
      <Show when={profile.state.signingFingerprint} fallback={
        <p class="muted small">None yet. A doctor's key is made, locked with their passphrase, the first time they approve a plan.</p>
      }>
        {(fp) => (
          <div class="fingerprint-row">
            <code class="fingerprint" data-testid="signing-fingerprint">{formatFingerprint(fp())}</code>
            <button type="button" class="btn small" onClick={() => void copy(fp())}>Copy</button>
          </div>
        )}
      </Show>
      <Show when={profile.state.signingFingerprint}>
        <p class="muted small">Give this fingerprint to the clinics you approve plans for, so your approvals show as verified there.</p>
      </Show>
    </section>
  );
}

function KnownKeysSection(): JSX.Element {
  const { profile } = useStudio();
  const [keyName, setKeyName] = createSignal('');
  const [fingerprint, setFingerprint] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  async function add() {
    const wrong = await profile.addKnownKey({ name: keyName(), fingerprint: fingerprint() }).catch((e: unknown) =>
      `Could not add the key: ${e instanceof Error ? e.message : String(e)}`);
    setProblem(wrong);
    if (!wrong) {
      setKeyName('');
      setFingerprint('');
    }
  }
  // Enter in these fields adds the key; it must not submit (and close) the profile form around them.
  const enterAdds = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    void add();
  };
  return (
    <section class="settings-section" aria-labelledby="known-keys-title">
      <h3 id="known-keys-title">The clinic's doctor and lead keys</h3>
      <p class="muted small">An approval or a protocol signed with one of these keys shows as "verified" with the name here; any other as "unknown key".</p>
      <ul class="known-keys" data-testid="known-keys">
        <For each={profile.state.knownKeys} fallback={<li class="muted small">No keys yet.</li>}>
          {(k) => (
            <li class="known-key" data-testid="known-key" data-fingerprint={k.fingerprint}>
              <span class="known-key-name">{k.name}</span>
              <code class="fingerprint">{formatFingerprint(k.fingerprint)}</code>
              <button type="button" class="btn small ghost" aria-label={`Remove ${k.name}'s key`}
                onClick={() => void profile.removeKnownKey(k.fingerprint)}>Remove</button>
            </li>
          )}
        </For>
      </ul>
      <div class="known-key-add">
        <input type="text" data-testid="known-key-name" aria-label="Whose key: doctor or lead" placeholder="Doctor's or lead's name"
          value={keyName()} onInput={(e) => setKeyName(e.currentTarget.value)} onKeyDown={enterAdds} />
        <input type="text" class="fingerprint-input" data-testid="known-key-fingerprint" aria-label="Key fingerprint" spellcheck={false}
          placeholder="Fingerprint, e.g. 3F2A 91C0 …" value={fingerprint()} onInput={(e) => setFingerprint(e.currentTarget.value)} onKeyDown={enterAdds} />
        <button type="button" class="btn small" data-testid="known-key-add" onClick={() => void add()}>Add key</button>
      </div>
      <Show when={problem()}>{(p) => <p class="share-problem" role="alert">{p()}</p>}</Show>
    </section>
  );
}
