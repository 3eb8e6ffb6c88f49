// The kinds of diagnostic record a case can hold, named once: a protocol lists the ones it
// requires, the records of a case say which they are, and the QA gate compares the two. The
// set is the usual orthodontic one: both arch scans, the extraoral and intraoral photograph
// series, the radiographs, and notes.

export type RecordGroup = 'scan' | 'extraoral-photo' | 'intraoral-photo' | 'radiograph' | 'notes';

export const RECORD_KINDS = [
  { kind: 'upper-scan', group: 'scan', label: 'Upper scan' },
  { kind: 'lower-scan', group: 'scan', label: 'Lower scan' },
  { kind: 'extraoral-frontal', group: 'extraoral-photo', label: 'Extraoral frontal photo (lips at rest)' },
  { kind: 'extraoral-smiling', group: 'extraoral-photo', label: 'Extraoral frontal smiling photo' },
  { kind: 'extraoral-profile', group: 'extraoral-photo', label: 'Extraoral profile photo' },
  { kind: 'intraoral-frontal', group: 'intraoral-photo', label: 'Intraoral frontal photo' },
  { kind: 'intraoral-right-buccal', group: 'intraoral-photo', label: 'Intraoral right buccal photo' },
  { kind: 'intraoral-left-buccal', group: 'intraoral-photo', label: 'Intraoral left buccal photo' },
  { kind: 'intraoral-upper-occlusal', group: 'intraoral-photo', label: 'Intraoral upper occlusal photo' },
  { kind: 'intraoral-lower-occlusal', group: 'intraoral-photo', label: 'Intraoral lower occlusal photo' },
  { kind: 'panoramic', group: 'radiograph', label: 'Panoramic radiograph' },
  { kind: 'cephalometric', group: 'radiograph', label: 'Lateral cephalometric radiograph' },
  { kind: 'periapical', group: 'radiograph', label: 'Periapical radiographs' },
  { kind: 'notes', group: 'notes', label: 'Clinical notes' },
] as const satisfies readonly { kind: string; group: RecordGroup; label: string }[];

export type RecordKind = (typeof RECORD_KINDS)[number]['kind'];

export const RECORD_KIND_IDS: readonly RecordKind[] = RECORD_KINDS.map((r) => r.kind);

export function isRecordKind(x: unknown): x is RecordKind {
  return typeof x === 'string' && (RECORD_KIND_IDS as readonly string[]).includes(x);
}

export function recordKindLabel(kind: RecordKind): string {
  return RECORD_KINDS.find((r) => r.kind === kind)!.label;
}
