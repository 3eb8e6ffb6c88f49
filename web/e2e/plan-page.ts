// The Plan tab as the journeys read and drive it: the shown stage, the engine's runs, the
// stage slider. Shared by the plan journeys so each waits on the same signals.
import { animationFrames, byTestId, choose, waitFor } from './harness.ts';

export const LONG = 90_000;

export const phase = (doc: Document) => byTestId(doc, 'plan-phase')?.dataset.phase ?? '';
export const slider = (doc: Document) => byTestId<HTMLInputElement>(doc, 'stage-slider');
export const shownStage = (doc: Document) => Number(byTestId(doc, 'stage-label')?.dataset.stage ?? NaN);

/**
 * The engine runs on Chromium's software WebGPU here, which shares the GPU process with
 * drawing: a screenshot taken mid-run can wait past the test runner's 20 s command limit.
 */
export async function engineIdle(doc: Document): Promise<void> {
  await waitFor('the engine to finish its run', () => byTestId(doc, 'plan-panel')?.dataset.computing === 'false', LONG);
  // Two presented frames: the GPU process has drawn what the run's results changed.
  await animationFrames(doc, 2);
}

export async function showStage(doc: Document, stage: number): Promise<void> {
  choose(slider(doc), String(stage), 'the stage slider', ['input', 'change']);
  await waitFor(`stage ${stage} shown`, () => shownStage(doc) === stage, LONG);
  await engineIdle(doc);
}
