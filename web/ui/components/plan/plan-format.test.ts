import { describe, expect, test } from 'vitest';
import { alignerCountText, boltonText, discrepancyText, durationText, formatFixed, formatSigned, inputText, iprTimingText, parseNumber, stageLabel } from './plan-format.ts';

describe('typed numbers', () => {
  test('decimal comma, signs and a leading dot are read', () => {
    expect(parseNumber('1,5')).toEqual({ ok: true, value: 1.5 });
    expect(parseNumber('-0.3')).toEqual({ ok: true, value: -0.3 });
    expect(parseNumber(' +2 ')).toEqual({ ok: true, value: 2 });
    expect(parseNumber('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumber('\u22121,25')).toEqual({ ok: true, value: -1.25 });
    expect(parseNumber('-0')).toEqual({ ok: true, value: 0 });
    expect(Object.is((parseNumber('-0') as { value: number }).value, -0)).toBe(false);
  });

  test('junk is refused with a message naming the field', () => {
    for (const junk of ['', ' ', 'abc', '1.2.3', '1,2,3', '1e3', '--1', '2mm', '-', ',']) {
      const r = parseNumber(junk, { label: 'Tip' });
      expect(r.ok, junk).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/^Tip: /);
    }
  });

  test('whole-number and range rules', () => {
    expect(parseNumber('14,5', { integer: true, label: 'Wear days' })).toEqual({ ok: false, message: 'Wear days must be a whole number' });
    expect(parseNumber('0', { min: 1, label: 'Wear days' })).toEqual({ ok: false, message: 'Wear days must be at least 1' });
    expect(parseNumber('3', { max: 2 }).ok).toBe(false);
    expect(parseNumber('2', { min: 1, max: 2, integer: true })).toEqual({ ok: true, value: 2 });
  });

  test('formatting never shows a negative zero and signs movements', () => {
    expect(formatFixed(-0.04, 1)).toBe('0.0');
    expect(formatSigned(1.46)).toBe('+1.5');
    expect(formatSigned(-0.3)).toBe('-0.3');
    expect(formatSigned(-0.01)).toBe('0.0');
    expect(formatSigned(2, 2)).toBe('+2.00');
    expect(inputText(0.30000000000000004)).toBe('0.3');
    expect(inputText(-1.256)).toBe('-1.26');
  });
});

describe('stage and time wording', () => {
  test('stage 0 is the template, the last is final', () => {
    expect(stageLabel(0, 13)).toBe('Template (stage 0)');
    expect(stageLabel(3, 13)).toBe('Stage 3 of 12');
    expect(stageLabel(12, 13)).toBe('Final (stage 12)');
    expect(stageLabel(0, 1)).toBe('Template (stage 0)');
  });

  test('duration in weeks, with months once long', () => {
    expect(durationText(0)).toBe('no aligners');
    expect(durationText(42)).toBe('6 weeks');
    expect(durationText(196)).toBe('28 weeks (about 6.4 months)');
    expect(durationText(10)).toBe('1.4 weeks');
    expect(alignerCountText(1)).toBe('1 aligner');
    expect(alignerCountText(14)).toBe('14 aligners');
  });

  test('IPR at stage s happens before aligner s + 1', () => {
    expect(iprTimingText(0)).toBe('done before aligner 1');
    expect(iprTimingText(4)).toBe('done before aligner 5');
  });
});


describe('space and Bolton wording', () => {
  test('negative discrepancy is crowding', () => {
    expect(discrepancyText(-3.24)).toBe('crowding of 3.2 mm');
    expect(discrepancyText(1.05)).toBe('spacing of 1.1 mm');
    expect(discrepancyText(0.02)).toBe('no crowding or spacing');
  });

  test('Bolton ratio names the arch with excess', () => {
    const r = { ratioPercent: 79.04, normPercent: 77.2, upperSumMm: 46, lowerSumMm: 36.4, excessArch: 'lower' as const, excessMm: 0.86 };
    expect(boltonText(r)).toBe('79.0% (norm 77.2%): lower excess 0.9 mm');
    expect(boltonText({ ...r, excessArch: 'none', excessMm: 0 })).toBe('79.0% (norm 77.2%): balanced');
    expect(boltonText(null)).toMatch(/missing/);
  });
});
