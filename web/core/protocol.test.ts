import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL, DEFAULT_SANITY, ProtocolError, SANITY_KEYS, checkProtocol, editProtocol, protocolProblems, storedProtocol } from './protocol.ts';

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

describe('the sanity checklist thresholds', () => {
  it('default to the numbers whose sources protocol.ts gives', () => {
    expect(DEFAULT_PROTOCOL.sanity).toEqual({
      molarRotationDeg: 10, rotationDeg: 15, tipDeg: 10, torqueDeg: 10, posteriorExtrusionMm: 0.5, translationMm: 4,
      expansionPerSideMm: 2, midlineMm: 0.5, openSpaceMm: 0.5, boltonExcessMm: 1.5,
    });
    expect(Object.keys(DEFAULT_SANITY).sort()).toEqual([...SANITY_KEYS].sort());
  });

  it('are edited one at a time, the others kept', () => {
    const p = editProtocol({ sanity: { midlineMm: 1 } });
    expect(p.sanity.midlineMm).toBe(1);
    expect(p.sanity.openSpaceMm).toBe(0.5);
    expect(DEFAULT_PROTOCOL.sanity.midlineMm).toBe(0.5);
    expect(Object.isFrozen(p.sanity)).toBe(true);
  });

  it('refuses missing, zero, negative and absurd thresholds, naming each field', () => {
    const problems = protocolProblems({ ...DEFAULT_PROTOCOL, sanity: { ...DEFAULT_SANITY, tipDeg: 0, openSpaceMm: Number.NaN, translationMm: 300 } });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^tip check threshold \(sanity\.tipDeg\) must be a number above 0 deg \(got 0\)/);
    expect(problems[1]).toMatch(/^translation check threshold \(sanity\.translationMm\) 300 mm is above the 20 mm/);
    expect(problems[2]).toMatch(/^open space check threshold \(sanity\.openSpaceMm\) must be a number above 0 mm \(got NaN\)/);
    const { sanity: _gone, ...without } = DEFAULT_PROTOCOL;
    expect(protocolProblems(without)).toEqual(['sanity check thresholds (sanity) are missing']);
    expect(() => editProtocol({ sanity: { midlineMm: -0.5 } })).toThrow(/midline change check threshold/);
  });

  it('a clinic default saved before the thresholds existed keeps its own values and gets the default thresholds', () => {
    const { sanity: _gone, ...old } = editProtocol({ wearDays: 10, limits: { tip: 1.5 } });
    expect(() => checkProtocol(old)).toThrow(/sanity/);
    const p = storedProtocol(old);
    expect(p).toMatchObject({ wearDays: 10, limits: { tip: 1.5 }, sanity: DEFAULT_SANITY });
    expect(storedProtocol({ ...old, sanity: { ...DEFAULT_SANITY, midlineMm: 1 } }).sanity.midlineMm).toBe(1);
    expect(() => storedProtocol({ ...old, sanity: { midlineMm: 1 } })).toThrow(/molar rotation check threshold/);
    expect(() => storedProtocol(null)).toThrow(ProtocolError);
  });
});
