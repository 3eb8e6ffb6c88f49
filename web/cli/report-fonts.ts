// The report's embedded font for the CLI: the same Inter files the studio ships (@fontsource),
// read from node_modules instead of fetched.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ReportFonts } from '../report/report.ts';

const fontBytes = (file: string) => new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(`@fontsource/inter/files/${file}`)));

export function reportFonts(): ReportFonts {
  return { regular: fontBytes('inter-latin-400-normal.woff'), bold: fontBytes('inter-latin-700-normal.woff') };
}
