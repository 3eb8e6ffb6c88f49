// A DSO lead writing and signing a protocol in the studio: edits checked as they are made, the
// first signature makes this browser's key, the signed file is kept in the clinic's library
// (verified: the lead's key joins the known keys) and reads back as the document written; the
// next version keeps the protocol's id; a wrong passphrase signs and keeps nothing.
import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { KnownKey } from '../../core/review.ts';
import { readProtocolFile } from '../../exchange/protocol-file.ts';
import { WRONG_UNLOCK, type StoredSigningKey } from '../../exchange/signing.ts';
import { memoryProtocolRepo } from './fixtures/protocol-repo.ts';
import { createProtocolAuthor } from './protocol-author.ts';
import { createProtocolLibrary } from './protocols.ts';

const LEAD = { name: 'Lee Lead', role: 'lead' as const };
const PASS = 'north clinic lead';

function studio() {
  const [knownKeys, setKnownKeys] = createSignal<readonly KnownKey[]>([]);
  let stored: StoredSigningKey | undefined;
  const profile = { signingKey: async () => stored, saveSigningKey: async (k: StoredSigningKey) => { stored = k; } };
  const repo = memoryProtocolRepo();
  const protocols = createProtocolLibrary({ repo, knownKeys, now: () => 5 });
  let t = Date.UTC(2026, 11, 1);
  const author = (base?: Parameters<typeof createProtocolAuthor>[0]['base']) => createProtocolAuthor({
    base, author: LEAD, profile, knownKeys, protocols, now: () => t++, newId: () => 'proto-north', keyIterations: 1000,
    addKnownKey: async (k) => setKnownKeys((list) => [...list, { ...k, addedAt: 0 } as KnownKey]),
  });
  return { author, protocols, repo, knownKeys, key: () => stored };
}

describe('writing a protocol in the studio', () => {
  it('edits a new protocol, refuses an impossible value, signs it with a new key, keeps it verified and hands back the file', async () => {
    await createRoot(async (dispose) => {
      const s = studio();
      const a = s.author();
      a.setName('North adult standard');
      a.changeSettings({ limits: { rotation: 1.5 }, iprMaxPerContactMm: 0.3 });
      a.changeSettings({ limits: { tip: -1 } });
      expect(a.problem()).toMatch(/tip/);
      expect(a.draft().settings.limits.tip).toBe(2);
      a.requireRecord('cephalometric', true);
      a.requireRecord('extraoral-profile', false);
      a.enableCheck('sanity-checks', false);
      a.setFinalCollisionDepth(0.2);
      expect(a.problem()).toBeNull();

      await expect(a.sign({ name: LEAD.name, passphrase: PASS })).rejects.toThrow(/no signing key yet/);
      const file = await a.sign({ name: LEAD.name, passphrase: PASS, passphraseAgain: PASS });
      expect(file.fileName).toBe('north-adult-standard-v1.protocol.json');
      expect(s.key()).toBeDefined();
      expect(s.knownKeys().map((k) => [k.name, k.fingerprint])).toEqual([[LEAD.name, s.key()!.fingerprint]]);

      const read = await readProtocolFile(file.bytes, file.fileName, s.knownKeys());
      expect(read).toMatchObject({ trust: 'verified', signer: LEAD.name });
      expect(read.document).toMatchObject({ id: 'proto-north', name: 'North adult standard', version: 1, author: LEAD });
      expect(read.document.settings.limits.rotation).toBe(1.5);
      expect(read.document.settings.iprMaxPerContactMm).toBe(0.3);
      expect(read.document.requiredRecords).toContain('cephalometric');
      expect(read.document.requiredRecords).not.toContain('extraoral-profile');
      expect(read.document.qaChecklist.find((c) => c.id === 'sanity-checks')?.enabled).toBe(false);
      expect(read.document.qaChecklist.find((c) => c.id === 'final-collisions')).toMatchObject({ maxDepthMm: 0.2 });
      expect(s.protocols.entries().map((e) => [e.document.name, e.document.version, e.trust])).toEqual([['North adult standard', 1, 'verified']]);
      expect(file.message).toMatch(/Imported North adult standard version 1 \(verified: signed by Lee Lead\)/);
      dispose();
    });
  });

  it('writes the next version under the same id with the stored key; a wrong passphrase signs and keeps nothing', async () => {
    await createRoot(async (dispose) => {
      const s = studio();
      const first = s.author();
      first.setName('North teen');
      await first.sign({ name: LEAD.name, passphrase: PASS, passphraseAgain: PASS });
      const v1 = s.protocols.documents()[0];

      const next = s.author(v1);
      expect(next.draft()).toMatchObject({ id: v1.id, name: 'North teen', version: 2 });
      next.changeSettings({ wearDays: 10 });
      await expect(next.sign({ name: LEAD.name, passphrase: 'not it' })).rejects.toThrow(WRONG_UNLOCK);
      expect(s.repo.files).toHaveLength(1);

      const file = await next.sign({ name: LEAD.name, passphrase: PASS });
      expect(file.fileName).toBe('north-teen-v2.protocol.json');
      expect(s.protocols.entries().map((e) => [e.document.version, e.document.settings.wearDays])).toEqual([[2, 10], [1, 14]]);
      expect(s.knownKeys()).toHaveLength(1);
      dispose();
    });
  });
});
