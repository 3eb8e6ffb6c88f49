// The 3D view in words, for those who cannot see it: which arches, the stage on screen as
// aligners, the selected tooth and the collisions at that stage. Read by screen readers as
// the view's description and announced when it changes.

export interface ViewSummaryInput {
  /** Arches on screen, named as the clinician says them ("upper", "lower"). */
  arches: readonly string[];
  /** The plan's stage on screen and its stage count; absent outside the Plan tab. */
  stage?: { shown: number; count: number };
  /** The selected tooth in the studio's numbering and its name, or null. */
  selected: { number: string; name: string } | null;
  /** Overlaps at the shown stage (teeth in the studio's numbering), or null while not known. */
  collisions?: readonly { a: string; b: string; depthMm: number }[] | null;
}

const LISTED = 3;

export function stageText(shown: number, count: number): string {
  const last = Math.max(0, count - 1);
  if (last === 0) return 'No aligners staged';
  if (shown <= 0) return `Before the first aligner (stage 0 of ${last})`;
  return `Aligner ${Math.min(shown, last)} of ${last}${shown >= last ? ', the final position' : ''}`;
}

export function collisionsText(collisions: ViewSummaryInput['collisions']): string {
  if (collisions === undefined) return '';
  if (collisions === null) return 'Collisions are being checked.';
  if (collisions.length === 0) return 'No collisions at this stage.';
  const listed = collisions.slice(0, LISTED).map((c) => `${c.a}/${c.b} ${c.depthMm.toFixed(1)} mm`).join(', ');
  const more = collisions.length > LISTED ? `, and ${collisions.length - LISTED} more` : '';
  return `${collisions.length} collision${collisions.length === 1 ? '' : 's'} at this stage: ${listed}${more}.`;
}

export function viewSummary(v: ViewSummaryInput): string {
  if (v.arches.length === 0) return 'No scans shown.';
  const parts = [`${v.arches.length === 2 ? 'Both arches' : `The ${v.arches[0]} arch`} shown.`];
  if (v.stage) parts.push(`${stageText(v.stage.shown, v.stage.count)}.`);
  parts.push(v.selected ? `Tooth ${v.selected.number} selected, ${v.selected.name}.` : 'No tooth selected.');
  const c = collisionsText(v.collisions);
  if (c) parts.push(c);
  return parts.join(' ');
}
