// The local profile as the studio holds it: loaded from the store's repository, a name asked
// for (once, by the Settings dialog) before anything records who acted, and the clinic's list
// of known doctor keys kept clean (full fingerprints only, no duplicates).
import { describe, expect, it } from 'vitest';
import { createRoot } from 'solid-js';
import type { Actor, KnownKey } from '../../core/review.ts';
import type { StoredSigningKey } from '../../exchange/signing.ts';
import { formatFingerprint } from '../../exchange/signing.ts';
import { createProfileStore, parseFingerprint } from './profile.ts';
import type { ProfileSource } from './profile.ts';

const FP_A = 'a3'.repeat(32);
const FP_B = '0f'.repeat(32);

/** An in-memory repository with the store's shape; `saved` shows what reached it. */
function fakeRepo(initial: { actor?: Actor; keys?: KnownKey[]; signing?: Partial<StoredSigningKey> } = {}) {
  let actor = initial.actor ?? null;
  const keys = [...(initial.keys ?? [])];
  const saved: Actor[] = [];
  const repo: ProfileSource = {
    load: async () => actor ?? undefined,
    save: async (a) => { actor = a; saved.push(a); },
    knownKeys: async () => keys.slice(),
    addKnownKey: async (k) => { keys.push({ ...k, addedAt: 1 }); },
    removeKnownKey: async (fp) => { keys.splice(keys.findIndex((k) => k.fingerprint === fp), 1); },
    signingKey: async () => initial.signing as StoredSigningKey | undefined,
  };
  return { repo, saved, keys };
}

describe('the profile store', () => {
  it('loads the stored actor, known keys (by name) and this browser\'s signing key', async () => {
    const { repo } = fakeRepo({
      actor: { name: 'Dr Ana Ruiz', role: 'doctor' },
      keys: [{ fingerprint: FP_B, name: 'Dr Zed', addedAt: 2 }, { fingerprint: FP_A, name: 'Dr Abe', addedAt: 1 }],
      signing: { fingerprint: FP_A },
    });
    const profile = createRoot(() => createProfileStore(repo));
    expect(profile.state.loaded).toBe(false);
    await profile.load();
    expect(profile.state.actor).toEqual({ name: 'Dr Ana Ruiz', role: 'doctor' });
    expect(profile.state.knownKeys.map((k) => k.name)).toEqual(['Dr Abe', 'Dr Zed']);
    expect(profile.state).toMatchObject({ hasSigningKey: true, signingFingerprint: FP_A, loaded: true, error: null });
  });

  it('treats a blank stored name as no actor, and asks for one before answering ensureActor', async () => {
    const { repo, saved } = fakeRepo({ actor: { name: '  ', role: 'planner' } });
    const profile = createRoot(() => createProfileStore(repo));
    await profile.load();
    expect(profile.state.actor).toBeNull();
    expect(profile.state.hasSigningKey).toBe(false);

    const asked = profile.ensureActor();
    expect(profile.settings()).toEqual({ reason: 'required' });
    await profile.save({ name: ' Sam Patel ', role: 'planner' });
    profile.closeSettings();
    expect(await asked).toEqual({ name: 'Sam Patel', role: 'planner' });
    expect(saved).toEqual([{ name: 'Sam Patel', role: 'planner' }]);
    expect(profile.settings()).toBeNull();
    // Set once: the next action does not ask again.
    expect(await profile.ensureActor()).toEqual({ name: 'Sam Patel', role: 'planner' });
    expect(profile.settings()).toBeNull();
  });

  it('answers null when the person closes Settings without giving a name, and refuses a blank name', async () => {
    const { repo, saved } = fakeRepo();
    const profile = createRoot(() => createProfileStore(repo));
    await profile.load();
    const asked = profile.ensureActor();
    await expect(profile.save({ name: '   ', role: 'doctor' })).rejects.toThrow(/A name is needed/);
    profile.closeSettings();
    expect(await asked).toBeNull();
    expect(saved).toEqual([]);
  });

  it('adds a known key as the studio shows it (32 digits, grouped) and refuses short, duplicate or nameless ones', async () => {
    const { repo, keys } = fakeRepo({ keys: [{ fingerprint: FP_B, name: 'Dr Zed', addedAt: 2 }] });
    const profile = createRoot(() => createProfileStore(repo));
    await profile.load();
    expect(await profile.addKnownKey({ name: 'Dr Abe', fingerprint: formatFingerprint(FP_A) })).toBeNull();
    expect(keys.map((k) => k.fingerprint)).toEqual([FP_B, FP_A.slice(0, 32)]);
    expect(profile.state.knownKeys.map((k) => k.name)).toEqual(['Dr Abe', 'Dr Zed']);

    expect(await profile.addKnownKey({ name: 'Dr Cy', fingerprint: FP_A.slice(0, 24) })).toMatch(/32 letters and digits/);
    expect(await profile.addKnownKey({ name: 'Dr Cy', fingerprint: FP_B.slice(0, 40).toUpperCase() })).toBe('This key is already on the list, as Dr Zed.');
    expect(await profile.addKnownKey({ name: 'Dr Cy', fingerprint: FP_A })).toBe('This key is already on the list, as Dr Abe.');
    expect(await profile.addKnownKey({ name: ' ', fingerprint: FP_A })).toMatch(/doctor's name/);
    expect(keys).toHaveLength(2);

    await profile.removeKnownKey(FP_B);
    expect(profile.state.knownKeys.map((k) => k.name)).toEqual(['Dr Abe']);
  });

  it('reports a profile it cannot read in plain words, and still counts as loaded', async () => {
    const { repo } = fakeRepo();
    repo.load = async () => { throw new Error('The database is blocked by another tab.'); };
    const profile = createRoot(() => createProfileStore(repo));
    await profile.load();
    expect(profile.state.error).toBe("Could not read this studio's profile: The database is blocked by another tab.");
    expect(profile.state.loaded).toBe(true);
  });
});

describe('fingerprints', () => {
  it('are read from what people paste: grouped, colon-separated, any case', () => {
    expect(parseFingerprint(`  ${FP_A.toUpperCase().replace(/(.{2})/g, '$1:')}`.replace(/:$/, ''))).toBe(FP_A);
    expect(parseFingerprint(formatFingerprint(FP_B))).toBe(FP_B.slice(0, 32));
    expect(parseFingerprint('not a key')).toBeNull();
    expect(parseFingerprint('g'.repeat(32))).toBeNull();
  });
});
