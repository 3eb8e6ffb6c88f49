// A case's records against what its protocol requires: which kinds it holds (its arches
// count as the scans; photos, radiographs and notes are tagged with their kind), which
// required kinds are missing, and a first guess at a file's kind from its name. Pure: the
// store lists the records, the UI shows the checklist, the QA gate takes `presentRecordKinds`.
import type { CaseStatus, Jaw } from './types.ts';
import { automaticTransition } from './case-pipeline.ts';
import { RECORD_KINDS, type RecordKind } from './record-kinds.ts';
import type { ProtocolDocument } from './protocol-document.ts';
import { DEFAULT_REQUIRED_RECORDS } from './protocol-document.ts';
import type { ProtocolRef } from './protocol-ref.ts';

/** The required kinds the case does not hold, in the order the protocol lists them. */
export function missingRecords(required: readonly RecordKind[], present: Iterable<RecordKind>): RecordKind[] {
  const have = new Set(present);
  return required.filter((kind, i) => !have.has(kind) && required.indexOf(kind) === i);
}

/** The kinds a case holds: a scan per arch, and each record's tag (each kind once, in RECORD_KINDS order). */
export function presentRecordKinds(jaws: Iterable<Jaw>, recordKinds: Iterable<RecordKind>): RecordKind[] {
  const have = new Set<RecordKind>(recordKinds);
  for (const jaw of jaws) have.add(jaw === 'upper' ? 'upper-scan' : 'lower-scan');
  return RECORD_KINDS.map((r) => r.kind).filter((k) => have.has(k));
}

export interface ChecklistItem {
  kind: RecordKind;
  present: boolean;
}

/** Each required kind once, present or missing. */
export function recordChecklist(required: readonly RecordKind[], present: Iterable<RecordKind>): ChecklistItem[] {
  const missing = new Set(missingRecords(required, present));
  return required.filter((kind, i) => required.indexOf(kind) === i).map((kind) => ({ kind, present: !missing.has(kind) }));
}

/**
 * Where the records move the case: the last required record in moves a new case to records
 * complete (core/case-pipeline.ts); a case already past it, or one still missing any, stays.
 */
export function recordsMove(status: CaseStatus, checklist: readonly ChecklistItem[]): CaseStatus | null {
  if (checklist.some((i) => !i.present)) return null;
  return automaticTransition(status, 'records-complete');
}

/**
 * What the case's records are checked against: the protocol document its plan is staged under
 * (matched by id, version and hash, so an impostor of the same number is not taken), else the
 * studio's defaults. `source` says which, for the person reading the checklist.
 */
export function requiredRecordsFor(ref: ProtocolRef | undefined, documents: readonly ProtocolDocument[], hashOf: (d: ProtocolDocument) => string):
{ required: readonly RecordKind[]; source: string } {
  const doc = ref && documents.find((d) => d.id === ref.id && d.version === ref.version && hashOf(d) === ref.hash);
  if (doc) return { required: doc.requiredRecords, source: `${doc.name} v${doc.version}` };
  return { required: DEFAULT_REQUIRED_RECORDS, source: 'the studio default protocol' };
}

// Words in file names that say what a photograph or radiograph shows, most specific first.
const GUESSES: readonly [RegExp, RecordKind][] = [
  [/\bceph|lateral[-_ ]?ceph|\blat[-_ ]?ceph/, 'cephalometric'],
  [/\bpano|\bopg\b|\bopt\b|orthopan/, 'panoramic'],
  [/periapical|\bpa[-_ ]?\d|\bpa\b|bitewing/, 'periapical'],
  [/(upper|maxill\w*)[-_ ]?occlusal|occlusal[-_ ]?(upper|maxill\w*)/, 'intraoral-upper-occlusal'],
  [/(lower|mandib\w*)[-_ ]?occlusal|occlusal[-_ ]?(lower|mandib\w*)/, 'intraoral-lower-occlusal'],
  [/(right|\br)[-_ ]?buccal|buccal[-_ ]?(right|r\b)|right[-_ ]?lateral/, 'intraoral-right-buccal'],
  [/(left|\bl)[-_ ]?buccal|buccal[-_ ]?(left|l\b)|left[-_ ]?lateral/, 'intraoral-left-buccal'],
  [/(intra\w*|io)[-_ ]?(frontal|front|anterior)|(frontal|front|anterior)[-_ ]?(intra\w*|io)/, 'intraoral-frontal'],
  [/smil/, 'extraoral-smiling'],
  [/profile|\bprofil/, 'extraoral-profile'],
  [/(extra\w*|eo|face|facial)[-_ ]?(frontal|front|rest)|(frontal|front)[-_ ]?(extra\w*|eo|face)/, 'extraoral-frontal'],
  [/\bnotes?\b/, 'notes'],
];

/** The kind a file's name makes obvious ("pano.dcm", "IO_left_buccal.jpg"), or undefined. */
export function guessRecordKind(fileName: string): RecordKind | undefined {
  const stem = fileName.toLowerCase().replace(/\.[a-z0-9]+$/, '').replace(/[_.]+/g, ' ');
  for (const [pattern, kind] of GUESSES) if (pattern.test(stem)) return kind;
  return undefined;
}
