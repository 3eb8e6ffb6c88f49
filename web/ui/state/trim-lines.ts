// The trim lines the viewport draws: every stage's line per arch, made in the models workers
// (manufacture/case-models.ts caseTrimLines, the export's own rule) only while they are asked
// to be shown. A new plan, new teeth or another case stops the work under way (its workers
// end) and throws away what it would have given: lines are only ever shown for the inputs
// they were made from.
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import type { Jaw } from '../../core/types.ts';
import type { CaseTrimLines, ModelsExport, ModelsExportInput } from '../workers/models-client.ts';

export type TrimLinesInput = Pick<ModelsExportInput, 'arches' | 'plan' | 'staging' | 'trim'>;

export type TrimLinesPhase = 'off' | 'making' | 'ready' | 'failed';

export interface TrimLines {
  phase: Accessor<TrimLinesPhase>;
  /** Why they could not be made, in words (phase 'failed'). */
  problem: Accessor<string | null>;
  /** The arch's line at `stage` (an arch whose last aligner came earlier keeps its last line); null when none. */
  at(jaw: Jaw, stage: number): Float32Array | null;
}

/**
 * Call under a Solid owner (the open plan's view): the work stops when it is disposed.
 * `input` is null when there is no staged, segmented plan to make lines for.
 */
export function createTrimLines(deps: {
  models: Pick<ModelsExport, 'trimLines'> | undefined;
  input: Accessor<TrimLinesInput | null>;
  shown: Accessor<boolean>;
}): TrimLines {
  const [phase, setPhase] = createSignal<TrimLinesPhase>('off');
  const [problem, setProblem] = createSignal<string | null>(null);
  const [lines, setLines] = createSignal<CaseTrimLines | null>(null);
  let controller: AbortController | null = null;
  const stop = (why: string) => {
    controller?.abort(new DOMException(why, 'AbortError'));
    controller = null;
  };
  onCleanup(() => stop('The case was closed.'));

  createEffect(() => {
    const input = deps.shown() ? deps.input() : null;
    stop('The plan changed.');
    setLines(null);
    setProblem(null);
    if (!input || !deps.models) {
      setPhase(deps.shown() && !deps.models ? 'failed' : 'off');
      if (deps.shown() && !deps.models) setProblem('This browser cannot make trim lines (no module workers).');
      return;
    }
    const mine = (controller = new AbortController());
    setPhase('making');
    deps.models.trimLines(input, mine.signal).then(
      (made) => {
        if (mine.signal.aborted) return;
        setLines(made);
        setPhase('ready');
      },
      (e: unknown) => {
        if (mine.signal.aborted) return;
        setProblem(`The trim lines could not be made: ${e instanceof Error ? e.message : String(e)}`);
        setPhase('failed');
      },
    );
  });

  return {
    phase,
    problem,
    at(jaw, stage) {
      const byStage = lines()?.[jaw];
      if (!byStage || byStage.size === 0) return null;
      return byStage.get(Math.min(stage, Math.max(...byStage.keys()))) ?? null;
    },
  };
}
