import { describe, expect, test } from 'vitest';
import type { IprProposal } from '../../../core/findings.ts';
import { barFraction, iprRows, pendingProposals } from './ipr-rows.ts';

const proposal = (a: number, b: number, overlapMm: number, amountMm: number, stage = 0): IprProposal =>
  ({ a, b, overlapMm, amountMm, fromA: amountMm / 2, fromB: amountMm / 2, stage, aboveMax: false });

describe('IPR chart rows', () => {
  test('planned IPR and new proposals merge; contacts already planned are not proposed again', () => {
    const planned = [{ a: 11, b: 21, amountMm: 0.3, stage: 2 }];
    const rows = iprRows(planned, [proposal(11, 21, 0.4, 0.4), proposal(12, 11, 0.25, 0.3, 1)], 0.5);
    expect(rows.map((r) => [r.a, r.b, r.source, r.amountMm, r.stage])).toEqual([
      [11, 12, 'proposed', 0.3, 1],
      [11, 21, 'planned', 0.3, 2],
    ]);
  });

  test('proposals at 0.1 mm overlap or less are noise', () => {
    const rows = iprRows([], [proposal(11, 21, 0.1, 0.1), proposal(31, 41, 0.11, 0.2)], 0.5);
    expect(rows.map((r) => r.a)).toEqual([31]);
    expect(pendingProposals([], [proposal(11, 21, 0.1, 0.1), proposal(31, 41, 0.11, 0.2)]).length).toBe(1);
  });

  test('amounts above the protocol maximum are flagged', () => {
    const rows = iprRows([{ a: 13, b: 14, amountMm: 0.6, stage: 0 }, { a: 11, b: 12, amountMm: 0.5, stage: 0 }], null, 0.5);
    expect(rows.find((r) => r.a === 13)!.aboveMax).toBe(true);
    expect(rows.find((r) => r.a === 11)!.aboveMax).toBe(false);
    expect(rows.find((r) => r.a === 13)!.steps).toBe(6);
  });

  test('rows follow the arch: upper right to left, then lower', () => {
    const rows = iprRows([{ a: 31, b: 32, amountMm: 0.2, stage: 0 }, { a: 21, b: 22, amountMm: 0.2, stage: 0 }, { a: 12, b: 13, amountMm: 0.2, stage: 0 }], null, 0.5);
    expect(rows.map((r) => r.a)).toEqual([12, 21, 31]);
  });

  test('bar lengths are relative to the larger of the maximum and the largest amount', () => {
    const rows = iprRows([{ a: 11, b: 21, amountMm: 0.2, stage: 0 }, { a: 12, b: 13, amountMm: 1, stage: 0 }], null, 0.5);
    expect(barFraction(rows[0], rows, 0.5)).toBeCloseTo(1);
    expect(barFraction(rows[1], rows, 0.5)).toBeCloseTo(0.2);
  });
});
