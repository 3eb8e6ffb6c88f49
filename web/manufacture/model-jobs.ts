// Which models a case needs and whether it can have them, without building any: light
// enough for the studio's main bundle (the dialog lists and checks before the worker starts).
import type { Jaw } from '../core/types.ts';
import type { Staging } from '../core/staging.ts';
import { DEFAULT_MODEL_SETTINGS, type TrimSettings, type TrimStyle } from '../core/protocol.ts';

/** The clinic defaults (core/protocol.ts); a plan's own protocol says what its models use. */
export const DEFAULT_MODEL_HEIGHT_MM = DEFAULT_MODEL_SETTINGS.heightMm;
export const DEFAULT_TRIM: Readonly<TrimSettings> = DEFAULT_MODEL_SETTINGS.trim;
export type { TrimSettings, TrimStyle };

export interface ModelJob {
  jaw: Jaw;
  stage: number;
  /** `<case>_<U|L>_<stage, 2 digits>.stl` */
  file: string;
}

/** What the checks need of an arch: its labels and how many closed tooth solids preparing it gave. */
export interface ModelJobArch {
  jaw: Jaw;
  mesh: { labels: Uint8Array | null };
  parts: { solids: readonly unknown[] };
}

/** The case as it may appear in file names and on the base: letters, digits and dashes, at most 16. */
export function caseFileLabel(label: string): string {
  const clean = label.normalize('NFKD').replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 16).toUpperCase();
  return clean || 'CASE';
}

export const archLetter = (jaw: Jaw): 'U' | 'L' => (jaw === 'upper' ? 'U' : 'L');

/**
 * Why these inputs cannot make models, in words (empty: they can). Models are made from a
 * segmented case with a staged plan whose steps are all within the protocol's limits: a lab
 * should never print a stage the plan itself warns about.
 */
export function modelInputProblems(input: { arches: readonly ModelJobArch[]; staging: Staging | null }): string[] {
  const problems: string[] = [];
  if (input.arches.length === 0) problems.push('The case has no scans to make models from.');
  for (const a of input.arches) {
    const labelled = a.mesh.labels?.some((l) => l !== 0) ?? false;
    if (!labelled || a.parts.solids.length === 0) problems.push(`The ${a.jaw} arch is not segmented: segment its teeth (Scans tab) before making models.`);
  }
  if (!input.staging || input.staging.teeth.length === 0) problems.push('The case has no staged plan: run auto-setup or move teeth (Plan tab) before making models.');
  for (const w of input.staging?.warnings ?? []) problems.push(`The plan has a limit warning, fix it before making models: ${w.message}`);
  return problems;
}

/** Every model the case needs, in the order they are made: upper then lower, stage 0 (template) up. */
export function modelJobs(input: { arches: readonly { jaw: Jaw }[]; staging: Staging; caseLabel: string; stages?: readonly number[] }): ModelJob[] {
  const label = caseFileLabel(input.caseLabel);
  const jobs: ModelJob[] = [];
  const order: Jaw[] = ['upper', 'lower'];
  for (const jaw of order) {
    if (!input.arches.some((a) => a.jaw === jaw)) continue;
    const aligners = input.staging.arches.find((a) => a.jaw === jaw)?.aligners ?? 0;
    for (let stage = 0; stage <= aligners; stage++) if (!input.stages || input.stages.includes(stage)) jobs.push({ jaw, stage, file: `${label}_${archLetter(jaw)}_${String(stage).padStart(2, '0')}.stl` });
  }
  return jobs;
}
