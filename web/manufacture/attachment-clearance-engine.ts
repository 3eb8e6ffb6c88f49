// The attachment clearance check (attachment-clearance.ts, the reference) run by the compute
// engine, whichever backend it is: each attachment is loaded as a solid of its own under its
// tooth's number and frame, so the plan poses it with its tooth at every stage, and the engine's
// pair query measures it against each neighbour and antagonist at every stage in one call, both
// ways (the attachment's vertices inside the tooth, and the tooth's vertices inside the
// attachment). A tooth's number names one solid per load, so the attachments go in passes: in
// each, one attachment per tooth, on teeth none of which is checked against another of the pass.
import type { Attachment } from '../core/attachments.ts';
import { jawOf, type Fdi } from '../core/fdi.ts';
import { planPairs } from '../core/pairs.ts';
import { poseRequest, type Staging } from '../core/staging.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import { readPairResult, type Engine, type ToothInput, type ToothPair } from '../engine/engine.ts';
import type { Mesh } from '../geometry/mesh.ts';
import { ATTACHMENT_CLASH_MM, clearanceSolid, type ClearanceInput } from './attachment-clearance.ts';
import type { AttachmentClash } from './attachment-clash.ts';

/** Pairs farther apart than this are not measured further: only overlaps matter here (mm). */
const SEARCH_MM = 0.5;

interface Placed {
  attachment: Attachment;
  mesh: Mesh;
  /** The teeth it is checked against. */
  others: Fdi[];
}

/** Attachments in passes: one per tooth, and no two whose teeth are checked against each other. */
export function clearancePasses(placed: readonly Placed[]): Placed[][] {
  const passes: { items: Placed[]; teeth: Set<Fdi>; near: Set<Fdi> }[] = [];
  for (const p of placed) {
    const fdi = p.attachment.fdi;
    let pass = passes.find((x) => !x.teeth.has(fdi) && !x.near.has(fdi) && !p.others.some((o) => x.teeth.has(o)));
    if (!pass) passes.push(pass = { items: [], teeth: new Set(), near: new Set() });
    pass.items.push(p);
    pass.teeth.add(fdi);
    for (const o of p.others) pass.near.add(o);
  }
  return passes.map((x) => x.items);
}

/**
 * The same clashes as attachmentClashes, measured by `engine` (its loaded teeth are replaced;
 * the caller owns it). Depths differ from the reference's by how each samples the surfaces.
 */
export async function attachmentClashesByEngine(engine: Pick<Engine, 'loadTeeth' | 'computePoses' | 'queryPairs'>, input: ClearanceInput): Promise<AttachmentClash[]> {
  const frames = new Map<Fdi, ToothFrame>(input.parts.flatMap((p) => p.teeth.map((t) => [t.fdi, { origin: t.origin, mesial: t.mesial, buccal: t.buccal, occlusal: t.occlusal }] as const)));
  const solids = new Map(input.parts.flatMap((p) => p.solids.filter((s) => frames.has(s.fdi)).map((s) => [s.fdi, s] as const)));
  const pairs = planPairs([...solids.keys()].sort((a, b) => a - b));
  const placed: Placed[] = input.attachments.filter((a) => frames.has(a.attachment.fdi)).map(({ attachment, mesh }) => ({
    attachment, mesh: clearanceSolid(mesh),
    others: pairs.filter((p) => p.a === attachment.fdi || p.b === attachment.fdi).map((p) => (p.a === attachment.fdi ? p.b : p.a)),
  }));
  const last = input.staging.stageCount - 1;
  const found: { order: [number, number, number]; clash: AttachmentClash }[] = [];
  for (const pass of clearancePasses(placed)) {
    const teeth = new Set(pass.flatMap((p) => p.others));
    const inputs: ToothInput[] = [
      ...pass.map((p) => ({ fdi: p.attachment.fdi, solid: p.mesh, frame: frames.get(p.attachment.fdi)! })),
      ...[...teeth].map((fdi) => { const s = solids.get(fdi)!; return { fdi, solid: s.mesh, frame: frames.get(fdi)!, crownVertexCount: s.crownVertexCount }; }),
    ];
    await engine.loadTeeth(inputs);
    const loaded = new Set(inputs.map((t) => t.fdi));
    const staged: Staging = { ...input.staging, teeth: input.staging.teeth.filter((t) => loaded.has(t.fdi)) };
    await engine.computePoses(poseRequest(staged, [...loaded].map((fdi) => ({ fdi, frame: frames.get(fdi)! }))));
    const asked = pass.flatMap((p) => p.others.map((other, o) => ({ p, o, pair: { a: p.attachment.fdi, b: other, kind: jawOf(p.attachment.fdi) === jawOf(other) ? 'neighbour' as const : 'antagonist' as const } })));
    if (asked.length === 0) continue;
    const results = await engine.queryPairs(asked.map((x): ToothPair => x.pair), { searchMm: SEARCH_MM });
    asked.forEach(({ p, o, pair }, i) => {
      const a = p.attachment;
      // Up to its arch's last aligner: past it that arch has no aligner to fit.
      const archLast = input.staging.arches.find((x) => x.jaw === jawOf(a.fdi))?.aligners ?? last;
      let run: AttachmentClash | null = null;
      for (let k = 0; k < results.stages.length; k++) {
        const stage = results.stages[k];
        if (stage < a.stagePlaced || stage > Math.min(a.stageRemoved ?? archLast, archLast)) continue;
        const depth = -readPairResult(results, i, k).distance;
        if (depth <= ATTACHMENT_CLASH_MM) continue;
        if (run && run.toStage === stage - 1) { run.toStage = stage; run.depthMm = Math.max(run.depthMm, depth); }
        else {
          run = { fdi: a.fdi, other: pair.b, kind: pair.kind, fromStage: stage, toStage: stage, depthMm: depth };
          found.push({ order: [placed.indexOf(p), o, stage], clash: run });
        }
      }
    });
  }
  // The reference's order: attachments as given, each one's teeth in pair order, runs by stage.
  return found.sort((x, y) => x.order[0] - y.order[0] || x.order[1] - y.order[1] || x.order[2] - y.order[2]).map((x) => x.clash);
}
