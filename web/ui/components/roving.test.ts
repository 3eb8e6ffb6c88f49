import { describe, expect, it } from 'vitest';
import { moveInGrid, positionOf } from './roving.ts';

describe('moveInGrid', () => {
  const rows = [3, 1, 0, 4];
  it('moves along a row and stops at its ends', () => {
    expect(moveInGrid('ArrowRight', { row: 0, col: 0 }, rows)).toEqual({ row: 0, col: 1 });
    expect(moveInGrid('ArrowRight', { row: 0, col: 2 }, rows)).toEqual({ row: 0, col: 2 });
    expect(moveInGrid('ArrowLeft', { row: 0, col: 0 }, rows)).toEqual({ row: 0, col: 0 });
  });
  it('moves between rows keeping the column as far as the row allows, over empty rows', () => {
    expect(moveInGrid('ArrowDown', { row: 0, col: 2 }, rows)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid('ArrowDown', { row: 1, col: 0 }, rows)).toEqual({ row: 3, col: 0 });
    expect(moveInGrid('ArrowUp', { row: 3, col: 3 }, rows)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid('ArrowDown', { row: 3, col: 1 }, rows)).toEqual({ row: 3, col: 1 });
  });
  it('Home and End: the row, or with Ctrl the whole grid', () => {
    expect(moveInGrid('End', { row: 3, col: 0 }, rows)).toEqual({ row: 3, col: 3 });
    expect(moveInGrid('Home', { row: 3, col: 2 }, rows)).toEqual({ row: 3, col: 0 });
    expect(moveInGrid('Home', { row: 3, col: 2 }, rows, true)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid('End', { row: 0, col: 0 }, rows, true)).toEqual({ row: 3, col: 3 });
  });
  it('in a flowing list Left/Right go on to the next or previous row and Home/End go to the ends', () => {
    const flow = { flow: true };
    expect(moveInGrid('ArrowRight', { row: 0, col: 2 }, rows, false, flow)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid('ArrowLeft', { row: 3, col: 0 }, rows, false, flow)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid('ArrowRight', { row: 3, col: 3 }, rows, false, flow)).toEqual({ row: 3, col: 3 });
    expect(moveInGrid('End', { row: 0, col: 0 }, rows, false, flow)).toEqual({ row: 3, col: 3 });
  });
  it('other keys and empty grids are not moves', () => {
    expect(moveInGrid('a', { row: 0, col: 0 }, rows)).toBeNull();
    expect(moveInGrid('Tab', { row: 0, col: 0 }, rows)).toBeNull();
    expect(moveInGrid('ArrowDown', { row: 0, col: 0 }, [])).toBeNull();
    expect(moveInGrid('ArrowDown', { row: 0, col: 0 }, [0, 0])).toBeNull();
  });
});

describe('positionOf', () => {
  it('finds a key in rows', () => {
    expect(positionOf([['a', 'b'], ['c']], 'c')).toEqual({ row: 1, col: 0 });
    expect(positionOf([['a']], 'z')).toBeNull();
    expect(positionOf([['a']], null)).toBeNull();
  });
});
