import { describe, expect, it } from 'vitest';
import { engineMessage } from './engine-message.ts';

const PROGRAMMER = /computePoses|loadTeeth|wasm|webgpu|EngineInputError|call \w+ first/i;

describe('engine failures in plain words', () => {
  it.each([
    'no poses yet: call computePoses first',
    'no teeth loaded: call loadTeeth first',
    'tooth 13 is not loaded',
    'The engine holds no teeth for this case yet: open the plan again.',
    'the wasm engine could not get 1048576 bytes of memory',
    'the engine worker stopped (out of memory)',
    'the wasm engine aborted at 12:3',
    'something nobody foresaw',
  ])('"%s" reads as what happened and what to do, with the engine\'s words kept as detail', (raw) => {
    const m = engineMessage(raw);
    expect(m.text).not.toMatch(PROGRAMMER);
    expect(m.text).toMatch(/collision check/);
    expect(m.text).toMatch(/again/);
    expect(m.detail).toBe(raw);
  });

  it('tells a lost plan from a lack of memory', () => {
    expect(engineMessage('no poses yet: call computePoses first').text).toMatch(/reload/);
    expect(engineMessage('the wasm engine could not get 8 bytes of memory').text).toMatch(/memory/);
    expect(engineMessage('no poses yet: call computePoses first').text).not.toEqual(engineMessage('x').text);
  });
});
