// The demo's problem list, drawn from the seed: an upper midline diastema, one blocked-out
// upper canine with the other side mildly crowded, and lower anterior crowding with
// rotated incisors. Every tooth also gets a small natural irregularity so nothing looks
// machine-perfect. Values are offsets from the ideal arch, in each tooth's frame.
import { archOrder } from '../../core/fdi.ts';
import type { Rng } from '../../core/random.ts';
import { randomSign, uniform } from '../../core/random.ts';

/**
 * Displacement from the ideal position, in the tooth frame, about the crown centroid.
 * Signs: mesial +, buccal (labial) +, extrusion (towards occlusal) +; tip + = crown
 * tipped mesially; torque + = crown inclined buccally; rotation + = mesial surface turned
 * lingually (mesial-in). These are web/core/pose.ts's conventions, so a malposition reads the
 * same way as a plan movement. Rotations apply as rotation, then torque, then tip.
 */
export interface Malposition {
  mesialMm: number;
  buccalMm: number;
  extrusionMm: number;
  tipDeg: number;
  torqueDeg: number;
  rotationDeg: number;
}

export interface MalocclusionPlan {
  malpositions: Record<number, Malposition>;
  diastemaMm: number;
  blockedCanine: number;
  /** Arch length the lower canines took from the incisors, mm. */
  lowerCrowdingMm: number;
  notes: string;
}

/** The 28 teeth of the demo (no third molars), upper then lower, right to left. */
export function demoTeeth(): number[] {
  return [...archOrder('upper'), ...archOrder('lower')].filter((fdi) => fdi % 10 !== 8);
}

const round1 = (v: number): number => Math.round(v * 10) / 10;

export function planMalocclusion(rng: Rng): MalocclusionPlan {
  const m: Record<number, Malposition> = {};
  for (const fdi of demoTeeth()) {
    m[fdi] = {
      mesialMm: uniform(rng, -0.05, 0.05),
      buccalMm: uniform(rng, -0.2, 0.2),
      extrusionMm: uniform(rng, -0.2, 0.2),
      tipDeg: uniform(rng, -1.5, 1.5),
      torqueDeg: uniform(rng, -1.5, 1.5),
      rotationDeg: -uniform(rng, -2.5, 2.5),
    };
  }

  // Upper: the centrals drift apart and the laterals follow them.
  const diastema = uniform(rng, 1.6, 2.4);
  for (const fdi of [11, 21, 12, 22]) m[fdi].mesialMm -= diastema / 2;

  // One canine erupts high and buccal because the posterior segment drifted into its space.
  const blockedQuadrant = rng() < 0.5 ? 1 : 2;
  const otherQuadrant = 3 - blockedQuadrant;
  const canine = blockedQuadrant * 10 + 3;
  Object.assign(m[canine], {
    buccalMm: uniform(rng, 2.6, 3.2),
    extrusionMm: -uniform(rng, 1.0, 1.6),
    tipDeg: uniform(rng, 4, 8),
    rotationDeg: -randomSign(rng) * uniform(rng, 6, 12),
  });
  m[canine].mesialMm += uniform(rng, 0, 0.3);
  const drift = uniform(rng, 0.9, 1.3);
  for (let p = 4; p <= 7; p++) m[blockedQuadrant * 10 + p].mesialMm += drift;

  // The other side absorbs the lateral's distal drift as mild crowding at the canine.
  const otherCanine = otherQuadrant * 10 + 3;
  m[otherCanine].mesialMm -= uniform(rng, 0.3, 0.5);
  m[otherCanine].buccalMm += uniform(rng, 0.4, 0.8);
  m[otherCanine].rotationDeg = -randomSign(rng) * uniform(rng, 8, 14);
  m[otherQuadrant * 10 + 2].rotationDeg = uniform(rng, 6, 12); // mesial-in

  // Lower: the buccal segments sit mesially (too little arch length for the incisors),
  // which stagger and rotate to fit.
  let lowerCrowding = 0;
  for (const quadrant of [3, 4]) {
    const shift = uniform(rng, 0.8, 1.2);
    for (let p = 3; p <= 7; p++) m[quadrant * 10 + p].mesialMm += shift;
    // The incisors give way in part, so every anterior contact is tight.
    m[quadrant * 10 + 2].mesialMm += 0.6 * shift;
    m[quadrant * 10 + 1].mesialMm += 0.25 * shift;
    lowerCrowding += shift;
  }
  const stagger = randomSign(rng);
  const incisors = [42, 41, 31, 32];
  incisors.forEach((fdi, i) => {
    const out = (i % 2 === 0 ? 1 : -1) * stagger;
    m[fdi].buccalMm = out * uniform(rng, 0.4, 0.8);
    m[fdi].rotationDeg = -randomSign(rng) * uniform(rng, 10, 25);
    m[fdi].extrusionMm = uniform(rng, 0, 0.3);
  });

  const blockedSide = blockedQuadrant === 1 ? "patient's right" : "patient's left";
  const rotations = incisors.map((fdi) => `${fdi} ${Math.round(Math.abs(m[fdi].rotationDeg))}°`).join(', ');
  const notes = [
    'Generated demo case (not a patient).',
    `Upper: midline diastema ${round1(diastema)} mm between 11 and 21; ` +
      `${canine} blocked out buccally (${round1(m[canine].buccalMm)} mm) and high (${round1(-m[canine].extrusionMm)} mm) ` +
      `on the ${blockedSide} after ${round1(drift)} mm mesial drift of the premolars and molars; ` +
      `mild crowding at ${otherCanine}.`,
    `Lower: anterior crowding, arch length about ${round1(lowerCrowding)} mm short (buccal segments sit mesially); ` +
      `incisors staggered labially/lingually and rotated (${rotations}).`,
  ].join('\n');
  return { malpositions: m, diastemaMm: diastema, blockedCanine: canine, lowerCrowdingMm: lowerCrowding, notes };
}
