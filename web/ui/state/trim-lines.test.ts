// The viewport's trim lines as state: made only while shown, one arch's line per stage, and
// one patient at a time: switching to another case (or plan) stops the first one's work and
// never shows its lines, even when they arrive afterwards.
import { createRoot, createSignal } from 'solid-js';
import { expect, test } from 'vitest';
import type { CaseTrimLines } from '../workers/models-client.ts';
import { createTrimLines, type TrimLinesInput } from './trim-lines.ts';

interface Call { input: TrimLinesInput; signal: AbortSignal | undefined; resolve(lines: CaseTrimLines): void; reject(e: Error): void }

function fakeModels() {
  const calls: Call[] = [];
  return {
    calls,
    trimLines(input: TrimLinesInput, signal?: AbortSignal) {
      return new Promise<CaseTrimLines>((resolve, reject) => calls.push({ input, signal, resolve, reject }));
    },
  };
}

/** Only what the state passes on matters here: each case's input is its own object. */
const caseInput = (name: string) => ({ plan: { name } }) as unknown as TrimLinesInput;
const line = (x: number) => new Float32Array([x, 0, 0, x, 1, 0, x, 1, 1]);
const settle = () => new Promise((r) => setTimeout(r, 0));

test('made only while shown; each arch\'s line by stage, the last one past an arch\'s last aligner', async () => {
  const models = fakeModels();
  const [shown, setShown] = createSignal(false);
  const { lines, dispose } = createRoot((dispose) => ({ lines: createTrimLines({ models, input: () => caseInput('A'), shown }), dispose }));
  try {
    expect(lines.phase()).toBe('off');
    expect(models.calls).toHaveLength(0);
    setShown(true);
    expect(lines.phase()).toBe('making');
    expect(models.calls).toHaveLength(1);
    models.calls[0].resolve({ upper: new Map([[0, line(1)], [1, line(2)]]), lower: new Map([[0, line(3)]]) });
    await settle();
    expect(lines.phase()).toBe('ready');
    expect(lines.at('upper', 1)?.[0]).toBe(2);
    expect(lines.at('upper', 7)?.[0]).toBe(2);
    expect(lines.at('lower', 1)?.[0]).toBe(3);
    setShown(false);
    expect(lines.phase()).toBe('off');
    expect(lines.at('upper', 0)).toBeNull();
  } finally {
    dispose();
  }
});

test('switching to another case stops the first case\'s lines and never shows them, even when they come late', async () => {
  const models = fakeModels();
  const [input, setInput] = createSignal(caseInput('A'));
  const { lines, dispose } = createRoot((dispose) => ({ lines: createTrimLines({ models, input, shown: () => true }), dispose }));
  try {
    const [a] = models.calls;
    setInput(caseInput('B'));
    expect(a.signal?.aborted).toBe(true);
    const b = models.calls[1];
    expect(b.input).toBe(input());
    a.resolve({ upper: new Map([[0, line(1)]]) });
    await settle();
    expect(lines.at('upper', 0)).toBeNull();
    expect(lines.phase()).toBe('making');
    b.resolve({ upper: new Map([[0, line(9)]]) });
    await settle();
    expect(lines.at('upper', 0)?.[0]).toBe(9);
  } finally {
    dispose();
  }
  // Closed: the work under way stops.
  const models2 = fakeModels();
  const stop = createRoot((dispose) => { createTrimLines({ models: models2, input: () => caseInput('C'), shown: () => true }); return dispose; });
  stop();
  expect(models2.calls[0].signal?.aborted).toBe(true);
});

test('a failure is said in words, and a browser without workers says it cannot', async () => {
  const models = fakeModels();
  const { lines, dispose } = createRoot((dispose) => ({ lines: createTrimLines({ models, input: () => caseInput('A'), shown: () => true }), dispose }));
  models.calls[0].reject(new Error('the upper arch is not segmented yet.'));
  await settle();
  expect(lines.phase()).toBe('failed');
  expect(lines.problem()).toBe('The trim lines could not be made: the upper arch is not segmented yet.');
  dispose();
  const none = createRoot((dispose) => ({ lines: createTrimLines({ models: undefined, input: () => caseInput('A'), shown: () => true }), dispose }));
  expect(none.lines.phase()).toBe('failed');
  expect(none.lines.problem()).toMatch(/cannot make trim lines/);
  none.dispose();
});
