// Scan import: the public face of web/geometry/import. The browser's import worker and the
// CLI both call importFiles, so a drop and `npm run cli -- inspect` behave the same.
export type { MeshFormat } from './detect.ts';
export { detectFormat } from './detect.ts';
export { ImportError, type ImportErrorCode, type UnitGuess } from './errors.ts';
export { ARCH_SPAN_MM, MAX_FILE_BYTES, MAX_LABEL_BYTES, MAX_TRIANGLES, MAX_VERTICES, checkFileSize, checkLabelFileSize, checkSizeBeforeReading } from './limits.ts';
export { guessJawFromName } from './names.ts';
export {
  NUMBERING_NAMES, decideNumbering, numberInFileName, parseNumbering, toothFromFileName, unsettledNumbering,
  type Numbering, type NumberingReport, type ToothFromName,
} from './numbering.ts';
export { parseMesh, type ParsedMesh } from './parse.ts';
export { importFiles, type ImportResult } from './import-files.ts';
export { groupFiles, groupMembers, type FileGroup } from './group.ts';
export type { ImportOptions, ImportReport, ImportedArch, InputFile } from './types.ts';
