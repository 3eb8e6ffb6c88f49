// The six movement components and the protocol fields as the panels label them, and the
// keyboard shortcuts, kept out of the components so the wording and the key handling are
// tested in Node.
import type { ToothMovement } from '../../../core/pose.ts';
import type { ProtocolChanges, StagingLimits } from '../../../core/protocol.ts';
import type { StagingPattern } from '../../../core/plan.ts';
import type { ArchFormType } from '../../../geometry/setup/arch-form.ts';
import type { AutoSetupOptions, PlanColouring } from '../../state/plan-types.ts';

export interface MovementField {
  key: keyof ToothMovement;
  label: string;
  unit: 'mm' | 'deg';
  /** What a positive value means (sign conventions of core/pose.ts). */
  positive: string;
  negative: string;
}

export const MOVEMENT_FIELDS: readonly MovementField[] = [
  { key: 'mesial', label: 'Mesial / distal', unit: 'mm', positive: 'mesial', negative: 'distal' },
  { key: 'buccal', label: 'Buccal / lingual', unit: 'mm', positive: 'buccal', negative: 'lingual' },
  { key: 'extrusion', label: 'Extrusion / intrusion', unit: 'mm', positive: 'extrusion', negative: 'intrusion' },
  { key: 'tip', label: 'Tip', unit: 'deg', positive: 'mesial crown tip', negative: 'distal crown tip' },
  { key: 'torque', label: 'Torque', unit: 'deg', positive: 'buccal crown torque', negative: 'lingual crown torque' },
  { key: 'rotation', label: 'Rotation', unit: 'deg', positive: 'mesial-in rotation', negative: 'mesial-out rotation' },
];

/** Column heads of the movement tables (editor and the package summary): eight columns fit the side column. */
export const MOVEMENT_SHORT: Readonly<Record<keyof ToothMovement, string>> = {
  mesial: 'M/D', buccal: 'B/L', extrusion: 'E/I', tip: 'Tip', torque: 'Torq', rotation: 'Rot',
};

export function signHint(f: MovementField): string {
  return `+ = ${f.positive}, − = ${f.negative} (${f.unit})`;
}

export function unitText(unit: 'mm' | 'deg'): string {
  return unit === 'deg' ? '°' : 'mm';
}

export interface ProtocolField {
  /** data-testid suffix: "protocol-<id>". */
  id: keyof StagingLimits | 'wearDays' | 'iprMax' | 'overcorrection';
  label: string;
  unit: string;
  integer: boolean;
  min: number;
  read(p: { limits: StagingLimits; wearDays: number; iprMaxPerContactMm: number; overcorrectionStages: number }): number;
  changes(value: number): ProtocolChanges;
}

function limitField(id: keyof StagingLimits, label: string, unit: string): ProtocolField {
  return { id, label, unit, integer: false, min: 0, read: (p) => p.limits[id], changes: (v) => ({ limits: { [id]: v } }) };
}

export const LIMIT_FIELDS: readonly ProtocolField[] = [
  limitField('mesial', 'Mesial / distal', 'mm'),
  limitField('buccal', 'Buccal / lingual', 'mm'),
  limitField('extrusion', 'Extrusion', 'mm'),
  limitField('intrusion', 'Intrusion', 'mm'),
  limitField('tip', 'Tip', '°'),
  limitField('torque', 'Torque', '°'),
  limitField('rotation', 'Rotation', '°'),
];

export const OTHER_PROTOCOL_FIELDS: readonly ProtocolField[] = [
  { id: 'wearDays', label: 'Wear days per aligner', unit: 'days', integer: true, min: 1, read: (p) => p.wearDays, changes: (v) => ({ wearDays: v }) },
  { id: 'iprMax', label: 'IPR maximum per contact', unit: 'mm', integer: false, min: 0, read: (p) => p.iprMaxPerContactMm, changes: (v) => ({ iprMaxPerContactMm: v }) },
  { id: 'overcorrection', label: 'Over-correction aligners', unit: '', integer: true, min: 0, read: (p) => p.overcorrectionStages, changes: (v) => ({ overcorrectionStages: v }) },
];

export const PATTERN_OPTIONS: readonly { id: StagingPattern; label: string }[] = [
  { id: 'all-together', label: 'All teeth together' },
  { id: 'anterior-first', label: 'Anterior first' },
  { id: 'posterior-first', label: 'Posterior first (sequential distalization)' },
  { id: 'manual', label: 'Manual start per tooth' },
];

export const FORM_OPTIONS: readonly { id: ArchFormType; label: string }[] = [
  { id: 'ovoid', label: 'Ovoid' },
  { id: 'tapered', label: 'Tapered' },
  { id: 'square', label: 'Square' },
];

export const STRATEGY_OPTIONS: readonly { id: AutoSetupOptions['strategy']; label: string }[] = [
  { id: 'ipr-first', label: 'IPR first, then expansion' },
  { id: 'expansion-first', label: 'Expansion first, then IPR' },
];

export const COLOURING_OPTIONS: readonly { id: PlanColouring; label: string }[] = [
  { id: 'tooth', label: 'Tooth colours' },
  { id: 'overlap', label: 'Overlaps' },
  { id: 'occlusion', label: 'Occlusion map' },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey?: boolean;
}

/** Tags where typing must keep its own undo and arrows. */
export function isTextEntry(tagName: string | undefined, inputType?: string): boolean {
  if (!tagName) return false;
  const tag = tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'range'].includes((inputType ?? 'text').toLowerCase());
}

/** Ctrl/Cmd+Z undo; Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y redo. */
export function historyKey(e: KeyLike): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !e.shiftKey) return 'redo';
  return null;
}

/** ArrowUp nudges +, ArrowDown -; anything else is left to the input. */
export function nudgeKey(e: KeyLike): 1 | -1 | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'ArrowUp') return 1;
  if (e.key === 'ArrowDown') return -1;
  return null;
}
