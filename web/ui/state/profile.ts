// Who is using this studio: the local profile (a name and a role; there are no accounts),
// the clinic's known doctor keys, and whether this browser holds a signing key. Every audit
// event and comment names this actor, so a first action that records something asks for it
// (ensureActor) through the Settings dialog.
import { createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { Actor, KnownKey, Role } from '../../core/review.ts';
import type { StoredSigningKey } from '../../exchange/signing.ts';

/** What the profile store needs of the store's ProfileRepository (store/library.ts). */
export interface ProfileSource {
  /** The stored actor; undefined while none was saved (the repository's current() then answers a default). */
  load(): Promise<Actor | undefined>;
  save(actor: Actor): Promise<unknown>;
  knownKeys(): Promise<KnownKey[]>;
  addKnownKey(key: { fingerprint: string; name: string }): Promise<unknown>;
  removeKnownKey(fingerprint: string): Promise<unknown>;
  signingKey(): Promise<StoredSigningKey | undefined>;
}

export const ROLE_LABELS: Record<Role, string> = { planner: 'Planner', doctor: 'Doctor', lab: 'Lab', lead: 'DSO lead' };

export interface ProfileState {
  /** null until a name has been set. */
  actor: Actor | null;
  knownKeys: KnownKey[];
  hasSigningKey: boolean;
  /** SHA-256 of this browser's signing key (hex), to hand to the clinic's list of known keys. */
  signingFingerprint: string | null;
  loaded: boolean;
  error: string | null;
}

/** Why the Settings dialog is open: 'required' when an action waits for a name and role. */
export type SettingsRequest = { reason: 'settings' | 'required' };

export interface ProfileStore {
  state: ProfileState;
  load(): Promise<void>;
  save(actor: Actor): Promise<void>;
  /** Adds a doctor's key; returns what is wrong with it in plain words, or null when added. */
  addKnownKey(key: { fingerprint: string; name: string }): Promise<string | null>;
  removeKnownKey(fingerprint: string): Promise<void>;
  /** The actor, asking for a name and role first when none is set; null if the person cancels. */
  ensureActor(): Promise<Actor | null>;
  /** The Settings dialog's open state. */
  settings: Accessor<SettingsRequest | null>;
  openSettings(): void;
  closeSettings(): void;
}

/**
 * A fingerprint as typed or pasted ("3F2A 91C0 …", colons, any case) as lower-case hex, or null:
 * the 32 digits the studio shows (exchange/signing.ts approvalTrust matches on them) up to all 64.
 */
export function parseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:-]/g, '').toLowerCase();
  return /^[0-9a-f]{32,64}$/.test(hex) ? hex : null;
}

/** Two listed fingerprints name the same key when one begins the other. */
const sameKey = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createProfileStore(repo: ProfileSource): ProfileStore {
  const [state, setState] = createStore<ProfileState>({
    actor: null, knownKeys: [], hasSigningKey: false, signingFingerprint: null, loaded: false, error: null,
  });
  const [settings, setSettings] = createSignal<SettingsRequest | null>(null);
  let waiting: ((actor: Actor | null) => void)[] = [];

  const named = (a: Actor | null | undefined): Actor | null => (a && a.name.trim() ? { name: a.name.trim(), role: a.role } : null);

  async function readKeys() {
    const keys = await repo.knownKeys();
    setState('knownKeys', reconcile([...keys].sort((a, b) => a.name.localeCompare(b.name)), { key: 'fingerprint' }));
  }

  const store: ProfileStore = {
    state,
    settings,
    async load() {
      try {
        setState('actor', named(await repo.load()));
        await readKeys();
        const key = await repo.signingKey();
        setState({ hasSigningKey: !!key, signingFingerprint: key?.fingerprint ?? null, error: null });
      } catch (e) {
        setState('error', `Could not read this studio's profile: ${errorText(e)}`);
      } finally {
        setState('loaded', true);
      }
    },
    async save(actor) {
      const clean = named(actor);
      if (!clean) throw new Error('A name is needed: every comment and record names who made it.');
      await repo.save(clean);
      setState('actor', clean);
    },
    async addKnownKey(key) {
      const name = key.name.trim();
      if (!name) return "Give the doctor's name, as the approval should show it.";
      const fingerprint = parseFingerprint(key.fingerprint);
      if (!fingerprint) return 'A key fingerprint is 32 letters and digits (0-9, A-F) in groups of four, as the doctor\'s Settings show it.';
      const same = state.knownKeys.find((k) => sameKey(k.fingerprint.toLowerCase(), fingerprint));
      if (same) return `This key is already on the list, as ${same.name}.`;
      await repo.addKnownKey({ fingerprint, name });
      await readKeys();
      return null;
    },
    async removeKnownKey(fingerprint) {
      await repo.removeKnownKey(fingerprint);
      await readKeys();
    },
    ensureActor() {
      if (state.actor) return Promise.resolve({ ...state.actor });
      setSettings({ reason: 'required' });
      return new Promise((resolve) => waiting.push(resolve));
    },
    openSettings() {
      setSettings({ reason: 'settings' });
    },
    closeSettings() {
      setSettings(null);
      const answer = state.actor ? { ...state.actor } : null;
      const resolve = waiting;
      waiting = [];
      for (const r of resolve) r(answer);
    },
  };
  return store;
}
