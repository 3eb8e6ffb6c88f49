import { describe, expect, it } from 'vitest';
import { archOrder, type Fdi } from './fdi.ts';
import type { Findings, PairRecord } from './findings.ts';
import type { ToothMovement } from './pose.ts';
import { zeroMovement } from './plan.ts';
import { DEFAULT_PROTOCOL, editProtocol } from './protocol.ts';
import { SANITY_CHECK_IDS, midlineShift, sanityChecklist, type SanityCheck, type SanityInput } from './sanity.ts';

const ALL_TEETH: Fdi[] = [...archOrder('upper'), ...archOrder('lower')].filter((f) => f % 10 !== 8);
const NO_FINDINGS: Findings = { collisions: [], midCourse: [], ipr: [] };
const FINAL = 20;

/** Every tooth but the third molars, unmoved, neighbours touching at the last stage; `moved` changes some. */
function input(moved: Partial<Record<Fdi, Partial<ToothMovement>>> = {}, rest: Partial<SanityInput> = {}): SanityInput {
  return {
    protocol: DEFAULT_PROTOCOL,
    movements: ALL_TEETH.map((fdi) => ({ fdi, final: { ...zeroMovement(), ...moved[fdi] } })),
    ipr: [], findings: NO_FINDINGS, records: touching(ALL_TEETH), finalStage: FINAL, bolton: null, ...rest,
  };
}

/** Neighbour records at the last stage, all at 0 mm, with some distances changed. */
function touching(teeth: Fdi[], distances: Record<string, number> = {}): PairRecord[] {
  const out: PairRecord[] = [];
  for (const jaw of ['upper', 'lower'] as const) {
    const order = archOrder(jaw).filter((f) => teeth.includes(f));
    for (let i = 0; i + 1 < order.length; i++) {
      const [a, b] = [Math.min(order[i], order[i + 1]), Math.max(order[i], order[i + 1])];
      out.push({ a, b, stage: 0, distance: 0.3, kind: 'neighbour' }, { a, b, stage: FINAL, distance: distances[`${a}-${b}`] ?? 0, kind: 'neighbour' });
    }
  }
  return out;
}

function entry(list: SanityCheck[], id: string): SanityCheck {
  const c = list.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
}

describe('the sanity checklist', () => {
  it('lists every check, in order, each with a label and plain detail, all passing on a plan that moves nothing', () => {
    const list = sanityChecklist(input());
    expect(list.map((c) => c.id)).toEqual([...SANITY_CHECK_IDS]);
    for (const c of list) {
      expect(c.status, `${c.id}: ${c.detail}`).toBe('pass');
      expect(c.label.length).toBeGreaterThan(3);
      expect(c.detail).toMatch(/\.$/);
    }
  });
});

describe('movements beyond the usual clinical ranges', () => {
  it('warns of a molar rotated past 10° but not of a premolar at 14° (its threshold is 15°), naming both amounts', () => {
    const c = entry(sanityChecklist(input({ 16: { rotation: -12 }, 14: { rotation: 14 }, 13: { rotation: 16 } })), 'rotation');
    expect(c.status).toBe('warn');
    expect(c.detail).toContain('16 rotates 12.0°');
    expect(c.detail).toContain('13 rotates 16.0°');
    expect(c.detail).not.toContain('14 rotates');
  });

  it('warns of tip or torque past their thresholds, either sign', () => {
    const c = entry(sanityChecklist(input({ 11: { torque: -12 }, 23: { tip: 11 }, 24: { tip: 9, torque: 9 } })), 'root-movement');
    expect(c.status).toBe('warn');
    expect(c.detail).toMatch(/^11 torque 12\.0°; 23 tip 11\.0° \(above 10\.0° tip or 10\.0° torque/);
    expect(c.detail).not.toContain('24');
  });

  it('warns of extrusion of premolars and molars only: intrusion and incisor extrusion are not this check', () => {
    const c = entry(sanityChecklist(input({ 15: { extrusion: 0.8 }, 46: { extrusion: 0.6 }, 36: { extrusion: -2 }, 11: { extrusion: 1.5 } })), 'posterior-extrusion');
    expect(c.status).toBe('warn');
    expect(c.detail).toMatch(/^15 extrudes 0\.8 mm .*; 46 extrudes 0\.6 mm/);
    expect(c.detail).not.toMatch(/\b(36|11)\b/);
  });

  it('warns of a translation past 4 mm counting mesial-distal and buccal-lingual together', () => {
    const c = entry(sanityChecklist(input({ 13: { mesial: -3.2, buccal: 3.2 }, 33: { mesial: 3.9 } })), 'translation');
    expect(c.status).toBe('warn');
    expect(c.detail).toContain('13 moves 4.5 mm (3.2 mm distal, 3.2 mm buccal; above 4.0 mm)');
    expect(c.detail).not.toContain('33');
  });

  it('changes its thresholds with the protocol', () => {
    const protocol = editProtocol({ sanity: { translationMm: 5, molarRotationDeg: 20 } });
    const list = sanityChecklist(input({ 13: { mesial: -3.2, buccal: 3.2 }, 16: { rotation: 15 } }, { protocol }));
    expect(entry(list, 'translation').status).toBe('pass');
    expect(entry(list, 'rotation').status).toBe('pass');
    expect(entry(list, 'translation').detail).toContain('5.0 mm');
  });
});

describe('expansion per side', () => {
  it('takes the widest buccal movement of canines to molars on each side of each arch; incisors do not count', () => {
    const c = entry(sanityChecklist(input({ 14: { buccal: 2.6 }, 15: { buccal: 1 }, 24: { buccal: 1.9 }, 12: { buccal: 3 }, 36: { buccal: 2.2 } })), 'expansion');
    expect(c.status).toBe('warn');
    expect(c.detail).toMatch(/^Upper right: 14 moves 2\.6 mm buccally; lower left: 36 moves 2\.2 mm buccally \(above 2\.0 mm per side/);
    expect(c.detail).not.toMatch(/upper left|\b12\b/);
  });
});

describe('midlines', () => {
  it('a +mesial on 11 moves the upper midline to the patient\'s left, on 21 to the right; the same on 41 and 31', () => {
    const rows = (m: Record<Fdi, number>) => Object.entries(m).map(([fdi, mesial]) => ({ fdi: Number(fdi), final: { ...zeroMovement(), mesial } }));
    expect(midlineShift(rows({ 11: 1, 21: -1 }), 'upper')).toBeCloseTo(1);
    expect(midlineShift(rows({ 11: 1, 21: 1 }), 'upper')).toBeCloseTo(0);
    expect(midlineShift(rows({ 41: -0.6, 31: 0.6 }), 'lower')).toBeCloseTo(-0.6);
    expect(midlineShift(rows({ 41: 0.8 }), 'lower')).toBeCloseTo(0.8);
    expect(midlineShift(rows({ 11: 1 }), 'lower')).toBeNull();
  });

  it('closing a diastema with both centrals is no midline change', () => {
    const c = entry(sanityChecklist(input({ 11: { mesial: 0.9 }, 21: { mesial: 0.9 } })), 'midline');
    expect(c.status).toBe('pass');
    expect(c.detail).toBe('The upper midline moves 0.0 mm; the lower midline moves 0.0 mm: within 0.5 mm, 0.0 mm apart.');
  });

  it('warns when both lower centrals move to one side (a gap closed from one side) and upper and lower move apart', () => {
    const c = entry(sanityChecklist(input({ 41: { mesial: 3.5 }, 31: { mesial: -3.5 } })), 'midline');
    expect(c.status).toBe('warn');
    expect(c.detail).toBe("The lower midline moves 3.5 mm to the patient's left (above 0.5 mm); upper and lower midlines end 3.5 mm apart (above 0.5 mm).");
  });

  it('judges where the midlines end when the scan gives where they start: centring one passes, moving it off warns', () => {
    const centred = entry(sanityChecklist(input({ 11: { mesial: 0.7 }, 21: { mesial: -0.7 } }, { midlinesBefore: { upper: -0.7, lower: 0 } })), 'midline');
    expect(centred.status).toBe('pass');
    expect(centred.detail).toContain("The upper midline moves 0.7 mm to the patient's left and ends on the arch midline");
    const off = entry(sanityChecklist(input({ 11: { mesial: 0.7 }, 21: { mesial: -0.7 } }, { midlinesBefore: { upper: 0, lower: 0 } })), 'midline');
    expect(off.status).toBe('warn');
    expect(off.detail).toContain("ends 0.7 mm to the patient's left of the arch midline (above 0.5 mm)");
    expect(off.detail).toContain('upper and lower midlines end 0.7 mm apart');
  });

  it('warns of midlines moved together only for the shift, and says an arch without centrals could not be measured', () => {
    const together = entry(sanityChecklist(input({ 11: { mesial: -0.8 }, 21: { mesial: 0.8 }, 41: { mesial: -0.8 }, 31: { mesial: 0.8 } })), 'midline');
    expect(together.detail).not.toContain('apart');
    expect(together.detail).toContain("upper midline moves 0.8 mm to the patient's right");
    const noCentrals = input();
    const c = entry(sanityChecklist({ ...noCentrals, movements: noCentrals.movements.filter((r) => r.fdi !== 41 && r.fdi !== 31) }), 'midline');
    expect(c.status).toBe('warn');
    expect(c.detail).toBe('The lower midline could not be measured (no central incisor).');
  });
});

describe('IPR above the protocol maximum', () => {
  it('fails a planned contact above 0.5 mm and a contact whose overlap left needs more than the maximum in all', () => {
    const findings: Findings = {
      ...NO_FINDINGS,
      ipr: [
        { a: 15, b: 16, overlapMm: 0.75, amountMm: 0.8, fromA: 0.4, fromB: 0.4, stage: 3, aboveMax: true },
        { a: 12, b: 13, overlapMm: 0.2, amountMm: 0.2, fromA: 0.1, fromB: 0.1, stage: 3, aboveMax: false },
        // A tight contact (within 0.1 mm) is left as it is by accepting, so it adds nothing.
        { a: 11, b: 21, overlapMm: 0.05, amountMm: 0.1, fromA: 0.05, fromB: 0.05, stage: 3, aboveMax: false },
      ],
    };
    const ipr = [{ a: 11, b: 21, amountMm: 0.5 }, { a: 12, b: 13, amountMm: 0.4 }, { a: 32, b: 33, amountMm: 0.6 }];
    const c = entry(sanityChecklist(input({}, { ipr, findings })), 'ipr-max');
    expect(c.status).toBe('fail');
    expect(c.detail).toBe('32-33: 0.6 mm planned; 15-16: 0.8 mm needed (0.0 mm planned, 0.8 mm more proposed for the overlap left); '
      + '12-13: 0.6 mm needed (0.4 mm planned, 0.2 mm more proposed for the overlap left) (the protocol allows 0.5 mm per contact).');
  });

  it('passes IPR at the maximum exactly, and says how much is planned', () => {
    const c = entry(sanityChecklist(input({}, { ipr: [{ a: 11, b: 21, amountMm: 0.5 }, { a: 21, b: 22, amountMm: 0.2 }] })), 'ipr-max');
    expect(c.status).toBe('pass');
    expect(c.detail).toBe('0.7 mm of IPR planned at 2 contacts; no contact needs more than 0.5 mm.');
  });
});

describe('collisions at the end', () => {
  it('fails a final overlap beyond the planned IPR + 0.1 mm, neighbours or antagonists, and ignores earlier stages and tight contacts', () => {
    const findings: Findings = {
      ...NO_FINDINGS,
      collisions: [
        { stage: 5, collisions: [{ a: 13, b: 14, kind: 'neighbour', depthMm: 0.9 }] },
        { stage: FINAL, collisions: [{ a: 15, b: 16, kind: 'neighbour', depthMm: 0.8 }, { a: 16, b: 46, kind: 'antagonist', depthMm: 0.3 }, { a: 11, b: 21, kind: 'neighbour', depthMm: 0.1 }] },
      ],
    };
    const c = entry(sanityChecklist(input({}, { findings })), 'final-collisions');
    expect(c.status).toBe('fail');
    expect(c.detail).toBe('At the last stage 15-16 (neighbours) overlap 0.8 mm; 16-46 (upper against lower) overlap 0.3 mm, beyond the planned IPR + 0.1 mm.');
  });
});

describe('space left open', () => {
  it('warns of neighbours more than 0.5 mm apart at the last stage, counting the planned IPR as space', () => {
    const records = touching(ALL_TEETH, { '11-21': 0.8, '12-13': 0.4, '23-24': 0.3 });
    const c = entry(sanityChecklist(input({}, { records, ipr: [{ a: 23, b: 24, amountMm: 0.3 }] })), 'open-space');
    expect(c.status).toBe('warn');
    expect(c.detail).toBe('At the last stage 11-21: 0.8 mm apart; 23-24: 0.6 mm apart (above 0.5 mm).');
  });

  it('says a space beyond the engine\'s 1 mm search is not measured, and names a missing tooth between', () => {
    const teeth = ALL_TEETH.filter((f) => f !== 35);
    const records = touching(teeth, { '34-36': 1 });
    const c = entry(sanityChecklist({ ...input(), movements: input().movements.filter((r) => r.fdi !== 35), records }), 'open-space');
    expect(c.status).toBe('warn');
    expect(c.detail).toBe('At the last stage 34-36: more than 1.0 mm apart (where 35 is missing); the size of the space is not measured beyond 1.0 mm (above 0.5 mm).');
  });

  it('reads only the last stage and only neighbours', () => {
    const records = [...touching(ALL_TEETH), { a: 11, b: 21, stage: 3, distance: 0.9 }, { a: 16, b: 46, stage: FINAL, distance: 1, kind: 'antagonist' as const }];
    expect(entry(sanityChecklist(input({}, { records })), 'open-space').status).toBe('pass');
  });
});

describe('Bolton discrepancy unaccounted for', () => {
  const lowerExcess = { ratioPercent: 80.2, normPercent: 77.2, excessArch: 'lower' as const, excessMm: 2.2 };
  const fine = { ratioPercent: 91.5, normPercent: 91.3, excessArch: 'lower' as const, excessMm: 0.2 };

  it('warns of an anterior excess beyond 1.5 mm with no IPR in the excess arch', () => {
    const c = entry(sanityChecklist(input({}, { bolton: { anterior: lowerExcess, overall: fine }, ipr: [{ a: 11, b: 21, amountMm: 0.5 }] })), 'bolton');
    expect(c.status).toBe('warn');
    expect(c.detail).toBe('Anterior (3-3) 80.2%, norm 77.2%: 2.2 mm too much tooth in the lower arch, 0.0 mm of it taken by planned IPR, 2.2 mm unaccounted (above 1.5 mm: plan IPR in that arch or leave space in the other).');
  });

  it('counts IPR in the excess arch within the segment (half a contact at its edge) as accounting for it', () => {
    // 31-41 0.4 + 31-32 0.4 + half of 33-34 0.4 = 1.0 mm: 1.2 mm left, within 1.5 mm.
    const ipr = [{ a: 31, b: 41, amountMm: 0.4 }, { a: 31, b: 32, amountMm: 0.4 }, { a: 33, b: 34, amountMm: 0.4 }, { a: 35, b: 36, amountMm: 0.5 }];
    const c = entry(sanityChecklist(input({}, { bolton: { anterior: lowerExcess, overall: null }, ipr })), 'bolton');
    expect(c.status).toBe('pass');
    expect(c.detail).toContain('1.0 mm of it taken by planned IPR');
    expect(c.detail).toContain('overall (6-6) not measured (a tooth is missing)');
  });

  it('passes, saying it was not measured, with one arch', () => {
    const c = entry(sanityChecklist(input()), 'bolton');
    expect(c.status).toBe('pass');
    expect(c.detail).toMatch(/^Not measured: Bolton needs both arches/);
  });
});
