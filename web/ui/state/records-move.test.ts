import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { defaultProtocolDocument, protocolRefOf } from '../../core/protocol-document.ts';
import type { RecordKind } from '../../core/record-kinds.ts';
import type { Plan } from '../../core/plan.ts';
import type { CaseRecord } from '../../core/types.ts';
import { createAuditRepository } from '../../store/audit.ts';
import { createRecordsRepository } from '../../store/case-records.ts';
import { archInfo, freshLibrary } from '../../store/fixtures/library.ts';
import { moveIfRecordsComplete } from './records-move.ts';

const LEAD = { name: 'Dr Lee', role: 'doctor' as const };
const png = () => encode({ width: 2, height: 2, data: new Uint8Array(16).fill(90), channels: 4 }).slice().buffer as ArrayBuffer;
const PHOTOS: RecordKind[] = ['extraoral-frontal', 'extraoral-smiling', 'extraoral-profile', 'intraoral-frontal', 'intraoral-right-buccal',
  'intraoral-left-buccal', 'intraoral-upper-occlusal', 'intraoral-lower-occlusal', 'panoramic'];

async function setup(working?: Pick<Plan, 'protocolRef'>) {
  const lib = await freshLibrary();
  const records = createRecordsRepository(lib.db, { now: () => lib.clock.t, actor: () => LEAD });
  let listed = 0;
  const deps = {
    cases: lib.cases,
    records: { list: (id: string) => { listed++; return records.list(id); } },
    plans: { loadWorking: async () => working as Plan | undefined },
  };
  const created = await lib.cases.create({ pseudonym: 'P-7' });
  // Both arches as the library lists them: the scans count from the record's arches.
  const c: CaseRecord = { ...created, arches: { upper: { ...archInfo('upper'), meshBlobId: 'm-u' }, lower: { ...archInfo('lower'), meshBlobId: 'm-l' } } };
  const add = (kind: RecordKind) => records.add(c.id, { fileName: `${kind}.png`, bytes: png(), recordKind: kind });
  return { ...lib, deps, c, add, listed: () => listed, audit: createAuditRepository(lib.db) };
}

describe('records complete, as the work moves it from whatever tab', () => {
  it('moves a new case only once the last default record is in, as one audited move of the work', async () => {
    const { deps, c, add, audit, cases } = await setup();
    for (const kind of PHOTOS.slice(0, -1)) await add(kind);
    expect(await moveIfRecordsComplete(deps, c, [])).toBeNull();
    expect((await cases.get(c.id))?.status).toBe('new');

    await add('panoramic');
    const moved = await moveIfRecordsComplete(deps, c, []);
    expect(moved?.status).toBe('records-complete');
    const events = (await audit.list(c.id)).filter((e) => e.kind === 'status-changed');
    expect(events).toHaveLength(1);
    expect(events[0].summary).toMatch(/records complete/i);
  });

  it('checks against the protocol the stored working plan is under, not the defaults', async () => {
    const doc = { ...defaultProtocolDocument({ id: 'p-ceph', name: 'Ceph first', author: LEAD, createdAt: 1 }), requiredRecords: ['upper-scan', 'lower-scan', 'cephalometric'] as RecordKind[] };
    const { deps, c, add } = await setup({ protocolRef: protocolRefOf(doc) });
    // Every default record but no cephalogram: under this protocol the case is not complete.
    for (const kind of PHOTOS) await add(kind);
    expect(await moveIfRecordsComplete(deps, c, [doc])).toBeNull();
    await add('cephalometric');
    expect((await moveIfRecordsComplete(deps, c, [doc]))?.status).toBe('records-complete');
  });

  it('leaves a move another tab made since standing, and reads nothing for a case already past records complete', async () => {
    const { deps, c, add, cases, audit, listed } = await setup();
    for (const kind of PHOTOS) await add(kind);
    const elsewhere = await cases.moveStatus(c.id, { work: 'plan-started' }, 'new');
    expect(elsewhere.status).toBe('planning');
    // This view still saw it as new: the other tab's move stands, nothing more is written.
    expect(await moveIfRecordsComplete(deps, c, [])).toBeNull();
    expect((await cases.get(c.id))?.status).toBe('planning');
    expect((await audit.list(c.id)).filter((e) => e.kind === 'status-changed')).toHaveLength(1);

    const before = listed();
    expect(await moveIfRecordsComplete(deps, { ...c, status: 'planning' }, [])).toBeNull();
    expect(listed()).toBe(before);
  });
});
