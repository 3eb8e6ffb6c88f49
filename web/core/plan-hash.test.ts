import { plannerAttachment } from './attachments.ts';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { addComment, emptyPlan, planFromJson, setAttachments, setIpr, setManualStart, setPattern, setProtocol, setTarget, zeroMovement, type Plan } from './plan.ts';
import { planContentHash, planDifferences } from './plan-hash.ts';
import { editProtocol } from './protocol.ts';

const m = (over: Partial<ReturnType<typeof zeroMovement>>) => ({ ...zeroMovement(), ...over });
const meshes = { upper: 'a'.repeat(64), lower: 'b'.repeat(64) };

function base(): Plan {
  let p = setTarget(emptyPlan(), 11, m({ mesial: 0.5, rotation: 4 }));
  p = setTarget(p, 21, m({ buccal: -0.3 }));
  p = setIpr(p, 11, 21, 0.2, 3);
  return setAttachments(p, [plannerAttachment(13)]);
}

/** The same value with every object's keys in reverse order, as another JSON writer might emit. */
function reversedKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reversedKeys) as T;
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)])) as T;
}

describe('planContentHash', () => {
  it('equal plans hash the same and differ in nothing', () => {
    expect(planContentHash(base(), meshes)).toBe(planContentHash(base(), meshes));
    expect(planContentHash(base(), meshes)).toMatch(/^[0-9a-f]{64}$/);
    expect(planDifferences(base(), base())).toEqual([]);
  });

  it('does not depend on key order', () => {
    const p = base();
    expect(Object.keys(reversedKeys(p))[0]).not.toBe(Object.keys(p)[0]);
    expect(planContentHash(reversedKeys(p), reversedKeys(meshes))).toBe(planContentHash(p, meshes));
  });

  it('changes when a tooth moves, and the tooth is named', () => {
    const moved = setTarget(base(), 11, m({ mesial: 0.75, rotation: 4 }));
    expect(planContentHash(moved, meshes)).not.toBe(planContentHash(base(), meshes));
    expect(planDifferences(base(), moved)).toEqual(['tooth 11: final position (mesial 0.5 -> 0.75 mm)']);
  });

  it('does not change with comments', () => {
    const commented = addComment(base(), { author: 'Dr Bo', at: 1, text: 'Less rotation on 11?', fdi: 11 });
    expect(planContentHash(commented, meshes)).toBe(planContentHash(base(), meshes));
    expect(planDifferences(base(), commented)).toEqual([]);
  });

  it('changes with a mesh hash, an added or a missing mesh', () => {
    const h = planContentHash(base(), meshes);
    expect(planContentHash(base(), { ...meshes, lower: 'c'.repeat(64) })).not.toBe(h);
    expect(planContentHash(base(), { upper: meshes.upper })).not.toBe(h);
  });

  it('changes with the protocol document the plan names, and says which', () => {
    const ref = { id: 'northside', name: 'Northside adult standard', version: 2, hash: 'c'.repeat(64) };
    const named = setProtocol(base(), base().protocol, ref);
    expect(planContentHash(named, meshes)).not.toBe(planContentHash(base(), meshes));
    expect(planDifferences(base(), named)).toEqual(['protocol document: none -> Northside adult standard v2']);
    const next = setProtocol(base(), base().protocol, { ...ref, version: 3, hash: 'd'.repeat(64) });
    expect(planDifferences(named, next)).toEqual(['protocol document: Northside adult standard v2 -> Northside adult standard v3']);
    const impostor = setProtocol(base(), base().protocol, { ...ref, hash: 'e'.repeat(64) });
    expect(planContentHash(impostor, meshes)).not.toBe(planContentHash(named, meshes));
    expect(planDifferences(named, impostor)).toEqual(['protocol document: Northside adult standard v2 (cccccccc) -> Northside adult standard v2 (eeeeeeee)']);
  });

  it('changes with the protocol', () => {
    const slower = setProtocol(base(), editProtocol({ limits: { mesial: 0.2 } }));
    expect(planContentHash(slower, meshes)).not.toBe(planContentHash(base(), meshes));
    expect(planDifferences(base(), slower)).toEqual(['protocol: per-stage limits (mesial 0.25 -> 0.2 mm)']);
  });
});

describe('planDifferences', () => {
  it('names teeth added and removed, with their movement', () => {
    let p = setTarget(base(), 21, zeroMovement());
    p = setTarget(p, 12, m({ tip: 3 }));
    expect(planDifferences(base(), p)).toEqual([
      'tooth 12: final position added (tip 0 -> 3°)',
      'tooth 21: final position removed (back to the scan position) (buccal -0.3 -> 0 mm)',
    ]);
  });

  it('shows small changes with the digits they need', () => {
    const p = setTarget(base(), 21, m({ buccal: -0.301 }));
    expect(planDifferences(base(), p)).toEqual(['tooth 21: final position (buccal -0.3 -> -0.301 mm)']);
  });

  it('names staging pattern and manual starts', () => {
    let p = setPattern(base(), 'manual');
    p = setManualStart(p, 13, 4, 6);
    expect(planDifferences(base(), p)).toEqual([
      'staging pattern: all-together -> manual',
      'staging: tooth 13 manual start none -> after stage 4 over 6 stages',
    ]);
  });

  it('names each IPR contact added, removed or changed', () => {
    let p = setIpr(base(), 11, 21, 0.3, 5);
    p = setIpr(p, 31, 41, 0.1, 2);
    expect(planDifferences(base(), p)).toEqual([
      'IPR 11/21: 0.2 -> 0.3 mm',
      'IPR 11/21: after stage 3 -> after stage 5',
      'IPR 31/41: added 0.1 mm after stage 2',
    ]);
    expect(planDifferences(p, base())).toContain('IPR 31/41: removed (was 0.1 mm)');
  });

  it('names attachments and the other protocol settings', () => {
    let p = setAttachments(base(), [plannerAttachment(23, 'optimized-rotation')]);
    p = setProtocol(p, editProtocol({ wearDays: 10, iprMaxPerContactMm: 0.4, overcorrectionStages: 2, sanity: { midlineMm: 1.5 }, attachments: { rotation: { threshold: 8 }, anchorage: { enabled: false } } }, p.protocol));
    const d = planDifferences(base(), p);
    expect(d.slice(0, 2)).toEqual(['attachments on 13: rectangular-vertical 2x3x1 mm -> none', 'attachments on 23: none -> optimized-rotation 2x3x1 mm']);
    expect(d.slice(2)).toEqual([
      'protocol: wear days 14 -> 10',
      expect.stringMatching(/^protocol: IPR maximum per contact [\d.]+ -> 0\.4 mm$/),
      'protocol: over-correction stages 0 -> 2',
      expect.stringMatching(/^protocol: sanity thresholds \(midlineMm [\d.]+ -> 1\.5\)$/),
      'protocol: rotation attachment rule (from 5: optimized-rotation 2x3x1 mm -> from 8: optimized-rotation 2x3x1 mm)',
      'protocol: anchorage attachment rule (from 1: rectangular-horizontal 3x2x1 mm -> off)',
    ]);
  });
});

describe('planContentHash across schema steps', () => {
  it('a schema-5 plan read under schema 6 hashes as it did when it was signed (the value schema 5 studios computed)', () => {
    const v5 = planFromJson(JSON.parse(readFileSync(new URL('./fixtures/plans/v5.json', import.meta.url), 'utf8')));
    expect(v5.schemaVersion).toBe(6);
    // Computed by the studio at schema 5 (commit 0637e63) on this fixture: its approvals still hold.
    expect(planContentHash(v5, meshes)).toBe('ee2ae23c85313c7a22997a9aeb819fa35b406b4df081500d2a9d23be2dce35ef');
  });
});
