// How a drop of files becomes arches, decided from names alone (before any parsing):
// a scan with its label file, a set of per-tooth files, or a plain scan. The browser and
// the CLI both go through here, so `inspect upper.obj upper.json` groups like a drop.
import { extensionOf, stemOf } from './names.ts';
import { decideNumbering, numberInFileName, type Numbering, type NumberedFile, type NumberingDecision } from './numbering.ts';
import type { InputFile } from './types.ts';

export type FileGroup =
  | { kind: 'labelled'; scan: InputFile; labels: InputFile }
  /** Every tooth-named file of the drop, both jaws: one numbering for all, split into arches on import. */
  | { kind: 'teeth'; files: InputFile[]; teeth: NumberedFile<InputFile>[]; numbering: NumberingDecision<InputFile> }
  | { kind: 'single'; file: InputFile }
  /** A label file with no scan to pair it with. */
  | { kind: 'labels-alone'; file: InputFile };

/** Scans whose vertex order is the file's own, so per-vertex labels can apply. */
const LABELLABLE = new Set(['obj', 'ply']);

/** `numbering`: how tooth files read when neither their names nor their numbers say. */
export function groupFiles(files: InputFile[], opts: { numbering?: Numbering } = {}): FileGroup[] {
  const order = new Map<InputFile, number>(files.map((f, i) => [f, i]));
  const labelFiles = files.filter((f) => extensionOf(f.name) === 'json');
  const scans = files.filter((f) => extensionOf(f.name) !== 'json');
  const used = new Set<InputFile>();
  const groups: { first: number; group: FileGroup }[] = [];

  // 1. upper.obj + upper.json: same name.
  for (const labels of labelFiles) {
    const scan = scans.find((s) => !used.has(s) && LABELLABLE.has(extensionOf(s.name)) && stemOf(s.name) === stemOf(labels.name));
    if (!scan) continue;
    used.add(scan).add(labels);
    groups.push({ first: Math.min(order.get(scan)!, order.get(labels)!), group: { kind: 'labelled', scan, labels } });
  }
  // 2. Exactly one OBJ and one label file left: they belong together whatever their names.
  const looseLabels = labelFiles.filter((f) => !used.has(f));
  const looseObj = scans.filter((f) => !used.has(f) && extensionOf(f.name) === 'obj');
  if (looseLabels.length === 1 && looseObj.length === 1) {
    const [labels] = looseLabels;
    const [scan] = looseObj;
    used.add(scan).add(labels);
    groups.push({ first: Math.min(order.get(scan)!, order.get(labels)!), group: { kind: 'labelled', scan, labels } });
  }
  // 3. Two or more files named for a tooth: one segmented arch per jaw.
  const named = scans
    .filter((f) => !used.has(f))
    .map((file) => ({ file, named: numberInFileName(file.name, file.folder) }))
    .filter((t): t is { file: InputFile; named: NonNullable<typeof t.named> } => t.named !== null);
  if (named.length >= 2) {
    for (const t of named) used.add(t.file);
    const numbering = decideNumbering(named, opts.numbering);
    groups.push({ first: Math.min(...named.map((t) => order.get(t.file)!)), group: { kind: 'teeth', files: named.map((t) => t.file), teeth: numbering.teeth, numbering } });
  }
  // 4. Everything else stands alone.
  for (const file of files) {
    if (used.has(file)) continue;
    const kind = extensionOf(file.name) === 'json' ? 'labels-alone' : 'single';
    groups.push({ first: order.get(file)!, group: { kind, file } });
  }
  return groups.sort((a, b) => a.first - b.first).map((g) => g.group);
}

/** The files of one group, scan first. */
export function groupMembers(group: FileGroup): InputFile[] {
  switch (group.kind) {
    case 'labelled': return [group.scan, group.labels];
    case 'teeth': return group.files;
    default: return [group.file];
  }
}
