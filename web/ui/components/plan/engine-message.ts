// What the Findings panel says when the collision check fails: the engine's own messages
// name its calls ("call computePoses first"), which mean nothing to a clinician. Pure.

export interface EngineMessage {
  /** Plain words for the planner: what happened and what to do. */
  text: string;
  /** The engine's message, for a support request (shown on hover). */
  detail: string;
}

const RULES: { match: RegExp; text: string }[] = [
  {
    match: /poses yet|no teeth loaded|is not loaded|holds no teeth|another case/i,
    text: 'The collision check lost track of this plan\'s teeth (it was restarted or busy with another case). Check again to reload them.',
  },
  {
    match: /memory/i,
    text: 'The collision check ran out of memory on this computer. Close other tabs or cases, then check again.',
  },
  {
    match: /worker stopped|device (was )?lost|aborted/i,
    text: 'The collision check stopped unexpectedly. Check again to restart it.',
  },
  {
    match: /case was closed/i,
    text: 'This case was closed while the collision check ran. Open the Plan tab again.',
  },
];

const OTHER = 'The collision check could not finish for this plan. Check again; if it keeps failing, save a version and reopen the case.';

export function engineMessage(raw: string): EngineMessage {
  return { text: RULES.find((r) => r.match.test(raw))?.text ?? OTHER, detail: raw };
}
