// An attachment running into another tooth, as the clearance check (attachment-clearance.ts)
// reports it, and the sentence that says so. Apart from the check so that the panels can word
// a clash without bringing the check's geometry into the studio's first download.
import type { Fdi } from '../core/fdi.ts';

export interface AttachmentClash {
  /** The tooth the attachment is on, and the tooth it runs into. */
  fdi: Fdi;
  other: Fdi;
  kind: 'neighbour' | 'antagonist';
  /** First and last stage of the clash (a run of stages). */
  fromStage: number;
  toStage: number;
  /** Deepest overlap over those stages, mm. */
  depthMm: number;
}

/** "The attachment on 13 runs into 14 (neighbour) in aligners 3-5, up to 0.42 mm." Stage 0 is the template. */
export function clashText(c: AttachmentClash, label: (fdi: Fdi) => string = String): string {
  const aligners = (from: number, to: number) => (from === to ? `aligner ${from}` : `aligners ${from}-${to}`);
  const when = c.fromStage > 0 ? `in ${aligners(c.fromStage, c.toStage)}` : c.toStage === 0 ? 'on the template' : `on the template and ${aligners(1, c.toStage)}`;
  return `The attachment on ${label(c.fdi)} runs into ${label(c.other)} (${c.kind === 'neighbour' ? 'its neighbour' : 'an antagonist'}) ${when}, up to ${c.depthMm.toFixed(2)} mm.`;
}
