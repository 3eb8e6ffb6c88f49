// The clinic's protocol library in the studio: a lead's signed file imports verified (or as an
// unknown key), the same version twice is kept once, a tampered file is refused with its name
// and nothing kept, a stored file altered since shows as broken, and trust follows the clinic's
// list of known keys as it changes.
import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { defaultProtocolDocument, reviseProtocol } from '../../core/protocol-document.ts';
import type { KnownKey } from '../../core/review.ts';
import { signProtocol, writeProtocolFile } from '../../exchange/protocol-file.ts';
import { createSigningKey } from '../../exchange/signing.ts';
import { memoryProtocolRepo as memoryRepo } from './fixtures/protocol-repo.ts';
import { createProtocolLibrary } from './protocols.ts';

const LEAD = 'Dr Lee Lead';
const PASS = 'north clinic lead';

describe('protocol library', () => {
  it('imports signed files, verified against the clinic\'s keys as they change; refuses a tampered one; flags one altered in storage', async () => {
    const key = await createSigningKey(LEAD, PASS, { iterations: 1000 });
    const v1 = defaultProtocolDocument({ id: 'north', name: 'North adult standard', author: { name: LEAD, role: 'lead' }, createdAt: 1 });
    const v2 = reviseProtocol(v1, { settings: { ...v1.settings, wearDays: 10 } }, 2);
    const file1 = writeProtocolFile(await signProtocol(v1, key, LEAD, PASS, { now: 10 }));
    const file2 = writeProtocolFile(await signProtocol(v2, key, LEAD, PASS, { now: 20 }));
    const repo = memoryRepo();
    const [known, setKnown] = createSignal<readonly KnownKey[]>([]);
    const lib = createRoot(() => createProtocolLibrary({ repo, knownKeys: known, now: () => 100 }));

    expect(await lib.importFile('north-v1.protocol.json', file1)).toEqual({ ok: true, message: `Imported North adult standard version 1 (signed by ${LEAD} with a key not on this clinic's list).` });
    setKnown([{ fingerprint: key.fingerprint, name: 'Dr Lee Lead (DSO)', addedAt: 5 }]);
    expect(await lib.importFile('north-v2.protocol.json', file2)).toEqual({ ok: true, message: 'Imported North adult standard version 2 (verified: signed by Dr Lee Lead (DSO)).' });
    expect(await lib.importFile('north-v2 (1).protocol.json', file2)).toEqual({ ok: true, message: 'North adult standard version 2 was already here.' });
    expect(lib.entries().map((e) => [e.document.version, e.trust, e.signerName])).toEqual([[2, 'verified', 'Dr Lee Lead (DSO)'], [1, 'verified', 'Dr Lee Lead (DSO)']]);
    expect(lib.documents().map((d) => d.version)).toEqual([2, 1]);

    const text = new TextDecoder().decode(file2).replace('"wearDays": 10', '"wearDays": 7');
    const tampered = await lib.importFile('north-v3.protocol.json', new TextEncoder().encode(text));
    expect(tampered.ok).toBe(false);
    expect(tampered.message).toMatch(/^north-v3\.protocol\.json /);
    expect(repo.files).toHaveLength(2);

    repo.files[0].bytes = new TextEncoder().encode(new TextDecoder().decode(repo.files[0].bytes).replace('"wearDays": 14', '"wearDays": 21'));
    await lib.refresh();
    expect(lib.entries().map((e) => e.document.version)).toEqual([2]);
    expect(lib.broken().map((b) => b.fileName)).toEqual(['north-v1.protocol.json']);
  });
});
