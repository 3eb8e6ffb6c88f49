import { describe, expect, test } from 'vitest';
import { MOVEMENT_KEYS } from '../../../core/plan.ts';
import { DEFAULT_PROTOCOL, LIMIT_KEYS, editProtocol } from '../../../core/protocol.ts';
import { LIMIT_FIELDS, MOVEMENT_FIELDS, OTHER_PROTOCOL_FIELDS, historyKey, isTextEntry, nudgeKey, signHint } from './plan-fields.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });

describe('movement and protocol fields', () => {
  test('one field per movement component, signs explained', () => {
    expect(MOVEMENT_FIELDS.map((f) => f.key)).toEqual([...MOVEMENT_KEYS]);
    expect(signHint(MOVEMENT_FIELDS[5])).toBe('+ = mesial-in rotation, − = mesial-out rotation (deg)');
  });

  test('protocol fields read and write the protocol they name', () => {
    expect(LIMIT_FIELDS.map((f) => f.id)).toEqual([...LIMIT_KEYS]);
    for (const f of [...LIMIT_FIELDS, ...OTHER_PROTOCOL_FIELDS]) {
      const next = f.integer ? f.read(DEFAULT_PROTOCOL) + 1 : f.read(DEFAULT_PROTOCOL) * 2;
      const p = editProtocol(f.changes(next));
      expect(f.read(p), f.id).toBeCloseTo(next);
    }
  });
});

describe('keyboard shortcuts', () => {
  test('Ctrl/Cmd+Z undoes; Shift or Y redoes', () => {
    expect(historyKey(key('z', { ctrlKey: true }))).toBe('undo');
    expect(historyKey(key('z', { metaKey: true }))).toBe('undo');
    expect(historyKey(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(historyKey(key('y', { ctrlKey: true }))).toBe('redo');
    expect(historyKey(key('z'))).toBe(null);
    expect(historyKey(key('z', { ctrlKey: true, altKey: true }))).toBe(null);
  });

  test('arrow keys nudge, modified arrows do not', () => {
    expect(nudgeKey(key('ArrowUp'))).toBe(1);
    expect(nudgeKey(key('ArrowDown'))).toBe(-1);
    expect(nudgeKey(key('ArrowLeft'))).toBe(null);
    expect(nudgeKey(key('ArrowUp', { ctrlKey: true }))).toBe(null);
  });

  test('text fields keep their own keys, checkboxes and buttons do not', () => {
    expect(isTextEntry('INPUT', 'text')).toBe(true);
    expect(isTextEntry('input', undefined)).toBe(true);
    expect(isTextEntry('TEXTAREA')).toBe(true);
    expect(isTextEntry('INPUT', 'checkbox')).toBe(false);
    expect(isTextEntry('BUTTON')).toBe(false);
    expect(isTextEntry(undefined)).toBe(false);
  });
});
