// Small display formatters shared by the panels; pure so they can be tested in Node.
import type { UnitGuess } from '../geometry/import/index.ts';

const UNIT_NAMES: Record<UnitGuess['unit'], string> = { m: 'metres', cm: 'centimetres', in: 'inches' };

export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return 'unknown';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "3 min ago" for recent edits, the date otherwise: what a case list needs at a glance. */
export function formatUpdated(timestamp: number, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - timestamp) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const d = new Date(timestamp);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** The file name the backup download gets, dated by the local calendar day. */
export function backupFileName(date: Date): string {
  return `aligner-studio-backup-${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}.zip`;
}

/** Button text offering to re-read a file in the units the importer guessed. */
export function unitConversionLabel(guess: UnitGuess): string {
  const factor = Number.isInteger(guess.scale) ? String(guess.scale) : String(Math.round(guess.scale * 100) / 100);
  return `Convert from ${UNIT_NAMES[guess.unit]} (×${factor})`;
}

export function formatSizeMm(size: readonly number[]): string {
  return `${size.map((s) => s.toFixed(1)).join(' × ')} mm`;
}

/** "2026-12-03 10:04", local time: the same reading in every locale, for records people compare. */
export function formatDateTime(timestamp: number): string {
  const d = new Date(timestamp);
  if (!Number.isFinite(d.getTime())) return 'unknown time';
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** The plan version an approval saves: who approved it and when, as the Versions list shows it. */
export function approvalVersionName(signer: string, at: number): string {
  return `Approved by ${signer.trim()}, ${formatDateTime(at)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
