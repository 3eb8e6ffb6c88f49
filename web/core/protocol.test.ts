import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL, ProtocolError, checkProtocol, editProtocol, protocolProblems } from './protocol.ts';

describe('protocol defaults', () => {
  it('are the DESIGN.md staging limits, 14 wear days, 0.5 mm IPR per contact and no over-correction', () => {
    expect(DEFAULT_PROTOCOL.limits).toEqual({ mesial: 0.25, buccal: 0.25, extrusion: 0.15, intrusion: 0.15, tip: 2, torque: 1, rotation: 2 });
    expect(DEFAULT_PROTOCOL.wearDays).toBe(14);
    expect(DEFAULT_PROTOCOL.iprMaxPerContactMm).toBe(0.5);
    expect(DEFAULT_PROTOCOL.overcorrectionStages).toBe(0);
    expect(protocolProblems(DEFAULT_PROTOCOL)).toEqual([]);
  });

  it('cannot be changed in place', () => {
    expect(() => { (DEFAULT_PROTOCOL.limits as { tip: number }).tip = 5; }).toThrow(TypeError);
    expect(DEFAULT_PROTOCOL.limits.tip).toBe(2);
  });
});

describe('editing a protocol', () => {
  it('changes only the named values and leaves the base alone', () => {
    const p = editProtocol({ limits: { mesial: 0.2 }, wearDays: 7 });
    expect(p.limits.mesial).toBe(0.2);
    expect(p.limits.buccal).toBe(0.25);
    expect(p.wearDays).toBe(7);
    expect(DEFAULT_PROTOCOL.limits.mesial).toBe(0.25);
  });

  it('refuses bad values with a message naming each field', () => {
    try {
      editProtocol({ limits: { tip: 0, intrusion: Number.NaN }, wearDays: 2.5, iprMaxPerContactMm: -0.1, overcorrectionStages: -1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
      const problems = (e as ProtocolError).problems;
      expect(problems).toHaveLength(5);
      expect(problems.join('\n')).toMatch(/tip limit/);
      expect(problems.join('\n')).toMatch(/intrusion limit/);
      expect(problems.join('\n')).toMatch(/wear days/);
      expect(problems.join('\n')).toMatch(/IPR maximum/);
      expect(problems.join('\n')).toMatch(/over-correction/);
    }
  });

  it('refuses limits an aligner cannot deliver (a typing error: 25 mm per stage)', () => {
    expect(() => editProtocol({ limits: { mesial: 25 } })).toThrow(/mesial limit 25 mm per stage is above/);
  });

  it('checkProtocol refuses things that are not protocols', () => {
    expect(() => checkProtocol(null)).toThrow(ProtocolError);
    expect(() => checkProtocol({ wearDays: 14 })).toThrow(/limits are missing/);
    expect(checkProtocol(DEFAULT_PROTOCOL)).toBe(DEFAULT_PROTOCOL);
  });
});
