import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUIRED_RECORDS, defaultProtocolDocument, protocolHash } from './protocol-document.ts';
import { guessRecordKind, missingRecords, presentRecordKinds, recordChecklist, recordsMove, requiredRecordsFor } from './record-checklist.ts';
import type { RecordKind } from './record-kinds.ts';

describe('required records', () => {
  it('the checklist on a case with missing records', () => {
    // Both scans, two photos and a note: the rest of the default set is missing.
    const present = presentRecordKinds(['upper', 'lower'], ['extraoral-frontal', 'intraoral-frontal', 'notes', 'intraoral-frontal']);
    expect(present).toEqual(['upper-scan', 'lower-scan', 'extraoral-frontal', 'intraoral-frontal', 'notes']);
    expect(missingRecords(DEFAULT_REQUIRED_RECORDS, present)).toEqual([
      'extraoral-smiling', 'extraoral-profile', 'intraoral-right-buccal', 'intraoral-left-buccal',
      'intraoral-upper-occlusal', 'intraoral-lower-occlusal', 'panoramic',
    ]);
    const list = recordChecklist(DEFAULT_REQUIRED_RECORDS, present);
    expect(list.map((i) => i.kind)).toEqual(DEFAULT_REQUIRED_RECORDS);
    expect(list.filter((i) => i.present).map((i) => i.kind)).toEqual(['upper-scan', 'lower-scan', 'extraoral-frontal', 'intraoral-frontal']);
  });

  it('a case with no records misses everything; a complete one misses nothing; a repeated requirement counts once', () => {
    expect(missingRecords(DEFAULT_REQUIRED_RECORDS, [])).toEqual(DEFAULT_REQUIRED_RECORDS);
    expect(missingRecords(DEFAULT_REQUIRED_RECORDS, DEFAULT_REQUIRED_RECORDS)).toEqual([]);
    const twice: RecordKind[] = ['panoramic', 'upper-scan', 'panoramic'];
    expect(missingRecords(twice, ['upper-scan'])).toEqual(['panoramic']);
    expect(recordChecklist(twice, [])).toEqual([{ kind: 'panoramic', present: false }, { kind: 'upper-scan', present: false }]);
  });

  it('scans count from the arches alone: a lower arch alone leaves the upper scan missing', () => {
    expect(missingRecords(['upper-scan', 'lower-scan'], presentRecordKinds(['lower'], []))).toEqual(['upper-scan']);
  });

  it('the protocol a plan is staged under decides, matched by id, version and hash; otherwise the studio default', () => {
    const author = { name: 'Lead', role: 'planner' as const };
    const doc = { ...defaultProtocolDocument({ id: 'clinic-a', name: 'Clinic A', author, createdAt: 1 }), requiredRecords: ['panoramic', 'cephalometric'] as RecordKind[] };
    const ref = { id: doc.id, name: doc.name, version: doc.version, hash: protocolHash(doc) };
    expect(requiredRecordsFor(ref, [doc], protocolHash)).toEqual({ required: ['panoramic', 'cephalometric'], source: 'Clinic A v1' });
    expect(requiredRecordsFor({ ...ref, hash: '0'.repeat(64) }, [doc], protocolHash).source).toBe('the studio default protocol');
    expect(requiredRecordsFor(undefined, [doc], protocolHash).required).toEqual(DEFAULT_REQUIRED_RECORDS);
  });
});

describe('guessRecordKind', () => {
  it.each([
    ['pano.dcm', 'panoramic'], ['OPG_2024.png', 'panoramic'], ['lateral_ceph.dcm', 'cephalometric'], ['PA-3.jpg', 'periapical'],
    ['IO_upper_occlusal.jpg', 'intraoral-upper-occlusal'], ['occlusal-lower.png', 'intraoral-lower-occlusal'],
    ['right buccal.jpg', 'intraoral-right-buccal'], ['IO_left_buccal.JPG', 'intraoral-left-buccal'], ['intraoral_frontal.jpg', 'intraoral-frontal'],
    ['EO_smile.jpg', 'extraoral-smiling'], ['profile.png', 'extraoral-profile'], ['extraoral-frontal.jpeg', 'extraoral-frontal'],
  ] as const)('%s reads as %s', (name, kind) => {
    expect(guessRecordKind(name)).toBe(kind);
  });

  it('a name that says nothing guesses nothing', () => {
    expect(guessRecordKind('IMG_4471.jpg')).toBeUndefined();
    expect(guessRecordKind('scan.png')).toBeUndefined();
  });
});

describe('recordsMove', () => {
  const all = recordChecklist(['upper-scan', 'panoramic'], ['upper-scan', 'panoramic']);
  const short = recordChecklist(['upper-scan', 'panoramic'], ['upper-scan']);
  it('moves a new case to records complete once every required record is in, and nothing else', () => {
    expect(recordsMove('new', all)).toBe('records-complete');
    expect(recordsMove('new', short)).toBeNull();
    expect(recordsMove('planning', all), 'a case past it stays').toBeNull();
    expect(recordsMove('records-complete', all)).toBeNull();
  });
});
