import { describe, expect, it } from 'vitest';
import { emptyPlan, setProtocol, setTarget, zeroMovement } from './plan.ts';
import { planContentHash, planDifferences } from './plan-hash.ts';
import { DEFAULT_PROTOCOL, ProtocolError, editProtocol } from './protocol.ts';
import {
  DEFAULT_REQUIRED_RECORDS, checkProtocolDocument, defaultProtocolDocument, protocolDocumentProblems, protocolHash,
  protocolRefOf, protocolStanding, restageUnder, reviseProtocol, type ProtocolDocument,
} from './protocol-document.ts';
import { DEFAULT_QA_CHECKLIST, QA_CHECKS, qaCheckLabel } from './qa-checklist.ts';
import { RECORD_KINDS, RECORD_KIND_IDS, recordKindLabel } from './record-kinds.ts';

const lead = { name: 'Dr Ada Lind', role: 'lead' as const };
const T0 = Date.UTC(2026, 2, 1);
const v1 = defaultProtocolDocument({ id: '5b0e7c1a-2f4d-4c6e-9a8b-1d2e3f4a5b6c', name: 'Northside adult standard', author: lead, createdAt: T0 });
/** Version 2: slower mesial-distal steps and a 10-day wear time. */
const v2 = reviseProtocol(v1, { settings: editProtocol({ limits: { mesial: 0.2 }, wearDays: 10 }, v1.settings) }, T0 + 86_400_000);
const meshes = { upper: 'a'.repeat(64), lower: 'b'.repeat(64) };

/** A plain JSON copy to break. */
const json = (d: ProtocolDocument) => JSON.parse(JSON.stringify(d)) as Record<string, unknown> & { settings: Record<string, unknown>; author: Record<string, unknown> };

describe('record kinds and QA checks', () => {
  it('name the usual orthodontic records once, each with a label', () => {
    expect(RECORD_KIND_IDS).toEqual([
      'upper-scan', 'lower-scan', 'extraoral-frontal', 'extraoral-smiling', 'extraoral-profile',
      'intraoral-frontal', 'intraoral-right-buccal', 'intraoral-left-buccal', 'intraoral-upper-occlusal', 'intraoral-lower-occlusal',
      'panoramic', 'cephalometric', 'periapical', 'notes',
    ]);
    for (const r of RECORD_KINDS) expect(r.label.trim()).not.toBe('');
    expect(recordKindLabel('intraoral-right-buccal')).toBe('Intraoral right buccal photo');
  });

  it('list the QA gate\'s checks, every one on by default, final collisions passing up to 0.1 mm', () => {
    expect(QA_CHECKS.map((c) => c.id)).toEqual(['staging-limits', 'final-collisions', 'ipr-maximum', 'attachments-where-needed', 'records-complete', 'sanity-checks']);
    expect(DEFAULT_QA_CHECKLIST.every((c) => c.enabled)).toBe(true);
    expect(DEFAULT_QA_CHECKLIST.find((c) => c.id === 'final-collisions')).toEqual({ id: 'final-collisions', enabled: true, maxDepthMm: 0.1 });
    expect(qaCheckLabel('records-complete')).toBe('Every required record on the case');
  });
});

describe('a protocol document', () => {
  it('starts at version 1 with the studio\'s defaults, and cannot be changed in place', () => {
    expect(v1).toMatchObject({ version: 1, author: lead, createdAt: T0, requiredRecords: DEFAULT_REQUIRED_RECORDS, qaChecklist: DEFAULT_QA_CHECKLIST });
    expect(v1.settings).toEqual(DEFAULT_PROTOCOL);
    expect(DEFAULT_REQUIRED_RECORDS).toContain('panoramic');
    expect(protocolDocumentProblems(v1)).toEqual([]);
    expect(() => { (v1.settings.limits as { mesial: number }).mesial = 1; }).toThrow(TypeError);
    expect(() => { (v1.requiredRecords as string[]).push('notes'); }).toThrow(TypeError);
  });

  it('is revised into the next version under the same id, the earlier one left as it was', () => {
    expect(v2).toMatchObject({ id: v1.id, name: v1.name, version: 2, createdAt: T0 + 86_400_000 });
    expect(v2.settings.limits.mesial).toBe(0.2);
    expect(v1.settings.limits.mesial).toBe(0.25);
  });

  it('names every bad field', () => {
    const bad = {
      ...json(v1), id: 'has spaces', name: '', version: 0, author: { name: 'Ada', role: 'boss' }, createdAt: -1,
      settings: { ...json(v1).settings, wearDays: 0 },
      requiredRecords: ['upper-scan', 'x-ray', 'upper-scan'],
      qaChecklist: [{ id: 'final-collisions', enabled: 'yes', maxDepthMm: 5 }, { id: 'spelling' }, { id: 'final-collisions', enabled: true, maxDepthMm: 0.1 }],
    };
    expect(protocolDocumentProblems(bad)).toEqual([
      'id must be 1-64 letters, digits, dots, dashes or underscores (got "has spaces")',
      'name must be a name of 1-120 characters',
      'version must be a whole number from 1 (got 0)',
      'author.role must be one of planner, doctor, lab, lead (got "boss")',
      'createdAt must be a time in ms since 1970 (got -1)',
      'settings: wear days must be a whole number of days from 1 to 60 (got 0)',
      'requiredRecords[1] names no record kind this studio knows (got "x-ray")',
      'requiredRecords lists upper-scan twice',
      'qaChecklist[0].enabled (final-collisions) must be true or false',
      'qaChecklist[0].maxDepthMm (final collisions) must be from 0 to 1 mm (got 5)',
      'qaChecklist[1].id names no QA check this studio knows (got "spelling")',
      'qaChecklist[2]: the final-collisions check is listed twice',
      'qaChecklist lacks the staging-limits, ipr-maximum, attachments-where-needed, records-complete, sanity-checks checks',
    ]);
    expect(protocolDocumentProblems({ id: 'p' })).toEqual(expect.arrayContaining(['settings must be an object', 'requiredRecords must be a list of record kinds', 'qaChecklist must be a list of checks', 'author must be an object with a name and a role']));
    expect(protocolDocumentProblems([v1])).toEqual(['the protocol document is not an object']);
    expect(() => checkProtocolDocument(bad)).toThrow(ProtocolError);
  });

  it('keeps only its own fields when checked', () => {
    const extra = { ...json(v1), brand: 'x', author: { ...json(v1).author, email: 'a@b' }, settings: { ...json(v1).settings, colour: 'blue' } };
    const checked = checkProtocolDocument(extra);
    expect(checked).toEqual(v1);
    expect(protocolHash(checked)).toBe(protocolHash(v1));
  });
});

describe('the protocol hash and ref', () => {
  it('hash the whole document, whatever the key order, and change with any field', () => {
    expect(protocolHash(v1)).toMatch(/^[0-9a-f]{64}$/);
    const reversed = checkProtocolDocument(Object.fromEntries(Object.entries(json(v1)).reverse()));
    expect(protocolHash(reversed)).toBe(protocolHash(v1));
    const changed = [
      reviseProtocol(v1, {}, T0),
      { ...v1, name: 'Northside adults' },
      { ...v1, createdAt: T0 + 1 },
      { ...v1, author: { ...lead, name: 'Dr Bo' } },
      { ...v1, settings: editProtocol({ iprMaxPerContactMm: 0.4 }, v1.settings) },
      { ...v1, requiredRecords: [...v1.requiredRecords, 'cephalometric' as const] },
      { ...v1, qaChecklist: v1.qaChecklist.map((c) => (c.id === 'sanity-checks' ? { ...c, enabled: false } : c)) },
    ];
    for (const d of changed) expect(protocolHash(d)).not.toBe(protocolHash(v1));
  });

  it('a ref names the id, name, version and hash', () => {
    expect(protocolRefOf(v2)).toEqual({ id: v1.id, name: 'Northside adult standard', version: 2, hash: protocolHash(v2) });
  });
});

describe('a plan under an old protocol version', () => {
  const made = restageUnder(setTarget(emptyPlan(), 11, { ...zeroMovement(), mesial: 1 }), v1);

  it('records the version it was staged under', () => {
    expect(made.protocol).toEqual(v1.settings);
    expect(made.protocolRef).toEqual(protocolRefOf(v1));
    expect(protocolStanding(made.protocolRef, [v1])).toEqual({ state: 'current' });
  });

  it('says so once a later version is out, and names the current one', () => {
    expect(protocolStanding(made.protocolRef, [v1, v2])).toEqual({ state: 'older-version', current: protocolRefOf(v2) });
    // The clinic may hold only the latest version.
    expect(protocolStanding(made.protocolRef, [v2])).toEqual({ state: 'older-version', current: protocolRefOf(v2) });
  });

  it('re-staged under the new version: its settings, its ref, current again, and a different content hash', () => {
    const restaged = restageUnder(made, v2);
    expect(restaged.protocol).toEqual(v2.settings);
    expect(restaged.protocolRef).toEqual(protocolRefOf(v2));
    expect(restaged.targets).toBe(made.targets);
    expect(protocolStanding(restaged.protocolRef, [v1, v2])).toEqual({ state: 'current' });
    expect(planContentHash(restaged, meshes)).not.toBe(planContentHash(made, meshes));
    expect(planDifferences(made, restaged)).toEqual([
      'protocol: per-stage limits (mesial 0.25 -> 0.2 mm)',
      'protocol: wear days 14 -> 10',
      'protocol document: Northside adult standard v1 -> Northside adult standard v2',
    ]);
  });

  it('a plan that names no protocol, or one the clinic does not hold, or a different document under the same version, is not current', () => {
    expect(protocolStanding(undefined, [v1, v2])).toEqual({ state: 'none' });
    expect(protocolStanding(setProtocol(made, editProtocol({ wearDays: 7 }, made.protocol)).protocolRef, [v1, v2])).toEqual({ state: 'none' });
    expect(protocolStanding(made.protocolRef, [])).toEqual({ state: 'unknown' });
    expect(protocolStanding(protocolRefOf(v2), [v1])).toEqual({ state: 'unknown' });
    const impostor = { ...v1, settings: editProtocol({ iprMaxPerContactMm: 1 }, v1.settings) };
    expect(protocolStanding(protocolRefOf(impostor), [v1])).toEqual({ state: 'unknown' });
  });
});
