// How a drop of files becomes arches, decided from names alone (before any parsing):
// a scan with its label file, a set of per-tooth files, or a plain scan. The browser and
// the CLI both go through here, so `inspect upper.obj upper.json` groups like a drop.
import { extensionOf, stemOf, toothFromFileName } from './names.ts';
import type { InputFile } from './types.ts';

export type FileGroup =
  | { kind: 'labelled'; scan: InputFile; labels: InputFile }
  | { kind: 'teeth'; teeth: { file: InputFile; fdi: number }[] }
  | { kind: 'single'; file: InputFile }
  /** A label file with no scan to pair it with. */
  | { kind: 'labels-alone'; file: InputFile };

/** Scans whose vertex order is the file's own, so per-vertex labels can apply. */
const LABELLABLE = new Set(['obj', 'ply']);

export function groupFiles(files: InputFile[]): FileGroup[] {
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
  // 3. Two or more files named for a tooth: one segmented arch.
  const teeth = scans
    .filter((f) => !used.has(f))
    .map((file) => ({ file, tooth: toothFromFileName(file.name) }))
    .filter((t) => t.tooth !== null)
    .map((t) => ({ file: t.file, fdi: t.tooth!.fdi }));
  if (teeth.length >= 2) {
    for (const t of teeth) used.add(t.file);
    groups.push({ first: Math.min(...teeth.map((t) => order.get(t.file)!)), group: { kind: 'teeth', teeth } });
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
    case 'teeth': return group.teeth.map((t) => t.file);
    default: return [group.file];
  }
}
