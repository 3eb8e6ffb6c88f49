// Who is working in this browser (there are no accounts): the name and role every audit
// event, comment and decision carries; the clinic's list of its doctors' signing keys; and
// this browser's own signing key, stored only wrapped by its owner's name and passphrase.
// All three live in the settings store.
import { ROLES } from '../core/review.ts';
import type { Actor, KnownKey, Role } from '../core/review.ts';
import { normalFingerprint } from '../exchange/signing.ts';
import type { StoredSigningKey } from '../exchange/signing.ts';
import { DEFAULT_ACTOR } from './audit.ts';
import type { StudioDb } from './db.ts';
import { inWriteTransaction } from './transaction.ts';

export interface ProfileRepository {
  /** Sync: the loaded profile, or the default ("Unnamed user", planner) until one is saved. */
  current(): Actor;
  /** Reads the stored profile (openLibrary calls it once); undefined when none was saved. */
  load(): Promise<Actor | undefined>;
  /** The name is trimmed and must not be empty. */
  save(actor: Actor): Promise<void>;
  /** By name. */
  knownKeys(): Promise<KnownKey[]>;
  /** Adds, or renames when the fingerprint is listed already; returns the new list. */
  addKnownKey(k: { fingerprint: string; name: string }): Promise<KnownKey[]>;
  removeKnownKey(fingerprint: string): Promise<KnownKey[]>;
  signingKey(): Promise<StoredSigningKey | undefined>;
  saveSigningKey(k: StoredSigningKey): Promise<void>;
}

const PROFILE = 'profile';
const KNOWN_KEYS = 'known-keys';
const SIGNING_KEY = 'signing-key';

function actorOf(x: unknown): Actor | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const { name, role } = x as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '' || !ROLES.includes(role as Role)) return undefined;
  return { name: name.trim(), role: role as Role };
}

function knownKeysOf(x: unknown): KnownKey[] {
  if (!Array.isArray(x)) return [];
  return x.filter((k): k is KnownKey =>
    typeof k === 'object' && k !== null && typeof k.fingerprint === 'string' && typeof k.name === 'string' && typeof k.addedAt === 'number');
}

const byName = (a: KnownKey, b: KnownKey) => a.name.localeCompare(b.name) || a.fingerprint.localeCompare(b.fingerprint);

export function createProfileRepository(db: StudioDb, opts: { now?: () => number } = {}): ProfileRepository {
  const now = opts.now ?? Date.now;
  let loaded: Actor | undefined;

  const read = async (key: string): Promise<unknown> => (await db.get('settings', key))?.value;
  const write = (key: string, value: unknown, action: string) =>
    inWriteTransaction(db, ['settings'], action, async (tx) => {
      await tx.objectStore('settings').put({ key, value });
    });

  async function knownKeys(): Promise<KnownKey[]> {
    return knownKeysOf(await read(KNOWN_KEYS)).sort(byName);
  }

  return {
    current: () => loaded ?? { ...DEFAULT_ACTOR },

    async load() {
      loaded = actorOf(await read(PROFILE));
      return loaded;
    },

    async save(actor) {
      const clean = actorOf(actor);
      if (!clean) throw new TypeError(`a profile needs a name and one of the roles ${ROLES.join(', ')}`);
      await write(PROFILE, clean, 'save your name and role');
      loaded = clean;
    },

    knownKeys,

    async addKnownKey(k) {
      const fingerprint = normalFingerprint(k.fingerprint);
      const name = k.name.trim();
      // 32 hex digits is what the studio shows of a fingerprint (128 bits); 64 is the whole.
      if (!/^[0-9a-f]{32,64}$/.test(fingerprint)) throw new TypeError('a key fingerprint is 32 to 64 hexadecimal digits');
      if (name === '') throw new TypeError('a known key needs the name of its owner');
      const others = (await knownKeys()).filter((x) => x.fingerprint !== fingerprint);
      const list = [...others, { fingerprint, name, addedAt: now() }].sort(byName);
      await write(KNOWN_KEYS, list, `add the key of ${name}`);
      return list;
    },

    async removeKnownKey(fp) {
      const list = (await knownKeys()).filter((x) => x.fingerprint !== normalFingerprint(fp));
      await write(KNOWN_KEYS, list, 'remove the key');
      return list;
    },

    signingKey: async () => (await read(SIGNING_KEY)) as StoredSigningKey | undefined,

    async saveSigningKey(k) {
      await write(SIGNING_KEY, k, 'save your signing key');
    },
  };
}
