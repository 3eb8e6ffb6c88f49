import { describe, expect, test } from 'vitest';
import { emptyPlan, setIpr, setManualStart, setPattern, setTarget, zeroMovement } from '../../../core/plan.ts';
import { editProtocol } from '../../../core/protocol.ts';
import { stagePlan } from '../../../core/staging.ts';
import { archRank, barName, chartLayout, columnAt, columnWidthFor, isDrag, shiftedStart, snapStart, spanText, startKey } from './chart-layout.ts';

const move = (mesial: number) => ({ ...zeroMovement(), mesial });

function demoPlan() {
  let p = emptyPlan();
  p = setTarget(p, 11, move(1)); // 4 stages at 0.25 mm
  p = setTarget(p, 16, move(0.5)); // 2 stages
  p = setTarget(p, 31, move(-0.75)); // 3 stages
  p = setTarget(p, 21, move(0.25));
  return p;
}

describe('staging chart layout', () => {
  test('rows run upper then lower, each from the patient right to left', () => {
    const layout = chartLayout(stagePlan(demoPlan(), demoPlan().protocol));
    expect(layout.rows.map((r) => r.fdi)).toEqual([16, 11, 21, 31]);
    expect(archRank(18)).toBeLessThan(archRank(28));
    expect(archRank(28)).toBeLessThan(archRank(48));
    expect(archRank(48)).toBeLessThan(archRank(38));
  });

  test('bars cover exactly the active stages start+1 .. start+active', () => {
    const plan = setPattern(demoPlan(), 'anterior-first');
    const layout = chartLayout(stagePlan(plan, plan.protocol));
    const bar = (fdi: number) => layout.rows.find((r) => r.fdi === fdi)!.bar;
    expect(bar(11)).toEqual({ from: 1, to: 4 });
    expect(bar(16)).toEqual({ from: 5, to: 6 }); // molars after the 4 incisor stages
    expect(bar(31)).toEqual({ from: 1, to: 3 });
    expect(layout.stageCount).toBe(7);
  });

  test('a tooth with no movement has no bar; manual teeth are flagged', () => {
    let plan = setTarget(demoPlan(), 12, { ...zeroMovement(), tip: 0.0 + 1e-12 });
    plan = setManualStart(plan, 21, 5);
    const layout = chartLayout(stagePlan(plan, plan.protocol));
    const r21 = layout.rows.find((r) => r.fdi === 21)!;
    expect(r21.manual).toBe(true);
    expect(r21.bar).toEqual({ from: 6, to: 6 });
    expect(layout.rows.find((r) => r.fdi === 12)!.bar).toBe(null);
  });

  test('over-correction shading follows each arch\u2019s own last active stage', () => {
    const plan = { ...demoPlan(), protocol: editProtocol({ overcorrectionStages: 2 }) };
    const layout = chartLayout(stagePlan(plan, plan.protocol));
    expect(layout.rows.find((r) => r.fdi === 11)!.overcorrection).toEqual({ from: 5, to: 6 });
    expect(layout.rows.find((r) => r.fdi === 31)!.overcorrection).toEqual({ from: 4, to: 5 });
    expect(layout.stageCount).toBe(7);
  });

  test('IPR markers sit on both teeth of the contact', () => {
    const plan = setIpr(demoPlan(), 11, 21, 0.3, 2);
    const layout = chartLayout(stagePlan(plan, plan.protocol), plan.ipr);
    expect(layout.rows.find((r) => r.fdi === 11)!.iprStages).toEqual([2]);
    expect(layout.rows.find((r) => r.fdi === 21)!.iprStages).toEqual([2]);
    expect(layout.rows.find((r) => r.fdi === 16)!.iprStages).toEqual([]);
  });
});

describe('dragging a bar', () => {
  test('snaps to the nearest whole stage', () => {
    expect(snapStart(2, 29, 20, 10)).toBe(3);
    expect(snapStart(2, 31, 20, 10)).toBe(4);
    expect(snapStart(2, -9, 20, 10)).toBe(2);
    expect(snapStart(2, -11, 20, 10)).toBe(1);
  });

  test('never before stage 0 nor past the last stage', () => {
    expect(snapStart(1, -200, 20, 10)).toBe(0);
    expect(snapStart(8, 500, 20, 10)).toBe(10);
    expect(snapStart(0, 50, 20, 0)).toBe(0);
  });

  test('tiny movements are clicks', () => {
    expect(isDrag(2)).toBe(false);
    expect(isDrag(-3)).toBe(true);
  });

  test('column under the pointer and legible column widths', () => {
    expect(columnAt(39, 20, 10)).toBe(1);
    expect(columnAt(-5, 20, 10)).toBe(0);
    expect(columnAt(999, 20, 10)).toBe(9);
    expect(columnWidthFor(280, 10)).toBe(28);
    expect(columnWidthFor(280, 40)).toBe(14);
    expect(columnWidthFor(280, 16)).toBe(17);
  });
});

describe('the chart by keyboard', () => {
  const key = (k: string, alt = false) => ({ key: k, altKey: alt, ctrlKey: false, metaKey: false });
  test('[ ] - + and Alt+arrows shift a start by one stage; Delete resets; plain arrows and Ctrl do not', () => {
    expect(startKey(key('['))).toBe(-1);
    expect(startKey(key(']'))).toBe(1);
    expect(startKey(key('-'))).toBe(-1);
    expect(startKey(key('+'))).toBe(1);
    expect(startKey(key('ArrowLeft', true))).toBe(-1);
    expect(startKey(key('ArrowRight', true))).toBe(1);
    expect(startKey(key('ArrowRight'))).toBeNull();
    expect(startKey(key('Delete'))).toBe('reset');
    expect(startKey({ ...key(']'), ctrlKey: true })).toBeNull();
  });
  test('a shift stays within the chart, as a drag does', () => {
    expect(shiftedStart(0, -1, 10)).toBe(0);
    expect(shiftedStart(3, 1, 10)).toBe(4);
    expect(shiftedStart(10, 1, 10)).toBe(10);
  });
  test('a bar is named by tooth, aligners and how its start is set', () => {
    expect(spanText(null)).toBe('does not move');
    expect(spanText({ from: 3, to: 3 })).toBe('moves in aligner 3');
    const row = chartLayout(stagePlan(demoPlan(), demoPlan().protocol)).rows.find((r) => r.fdi === 11)!;
    expect(barName(row, '8')).toBe(`Tooth 8: moves in aligners ${row.bar!.from} to ${row.bar!.to}, needs ${row.required} stages`);
  });
});
