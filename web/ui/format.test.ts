import { describe, expect, test } from 'vitest';
import { approvalVersionName, backupFileName, formatBytes, formatDateTime, formatSizeMm, formatUpdated, unitConversionLabel } from './format.ts';

describe('display formatters', () => {
  test('bytes read in decimal units, unknown when the browser cannot say', () => {
    expect(formatBytes(null)).toBe('unknown');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5_300_000)).toBe('5.3 MB');
    expect(formatBytes(2_147_483_648)).toBe('2.1 GB');
    expect(formatBytes(150_000_000)).toBe('150 MB');
  });

  test('backup file name carries the local date', () => {
    expect(backupFileName(new Date(2026, 0, 5, 23, 59))).toBe('aligner-studio-backup-2026-01-05.zip');
  });

  test('updated time is relative when recent, a date otherwise', () => {
    const now = new Date(2026, 10, 23, 12, 0).getTime();
    expect(formatUpdated(now - 10_000, now)).toBe('just now');
    expect(formatUpdated(now - 3 * 60_000, now)).toBe('3 min ago');
    expect(formatUpdated(now - 5 * 3_600_000, now)).toBe('5 h ago');
    expect(formatUpdated(new Date(2026, 10, 1).getTime(), now)).toBe('2026-11-01');
  });

  test('unit conversion buttons name the unit and the factor', () => {
    expect(unitConversionLabel({ unit: 'cm', scale: 10, spanMm: 75 })).toBe('Convert from centimetres (×10)');
    expect(unitConversionLabel({ unit: 'm', scale: 1000, spanMm: 75 })).toBe('Convert from metres (×1000)');
    expect(unitConversionLabel({ unit: 'in', scale: 25.4, spanMm: 75 })).toBe('Convert from inches (×25.4)');
  });

  test('sizes in mm with one decimal', () => {
    expect(formatSizeMm([75.04, 60, 18.96])).toBe('75.0 × 60.0 × 19.0 mm');
  });

  test('record times read the same in every locale; an approval names its version by signer and time', () => {
    const at = new Date(2026, 11, 3, 9, 4).getTime();
    expect(formatDateTime(at)).toBe('2026-12-03 09:04');
    expect(formatDateTime(Number.NaN)).toBe('unknown time');
    expect(approvalVersionName('  Dr Rivera ', at)).toBe('Approved by Dr Rivera, 2026-12-03 09:04');
  });
});
