// An attachment as a solid: its shape built in its own frame (x mesial, y occlusal, z out of
// the enamel; geometry/attachments/fa-point.ts finds the frame at the attachment's place),
// standing `depthMm` proud of the enamel at its centre, and reaching down into the crown far
// enough that no gap is left where the crown curves away from its base. With the tooth's
// closed collision solid given, the part inside the tooth is cut away, so the base follows
// the enamel exactly. Shapes are convex hulls of a few points (manifold-3d), so each is
// closed and manifold by construction.
import type { Attachment, AttachmentShape } from '../core/attachments.ts';
import type { Mesh } from '../geometry/mesh.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import { attachmentFrame, crownSurfacePoint, seatingDepth, type AttachmentFrame } from '../geometry/attachments/fa-point.ts';
import type { ManifoldApi } from './manifold.ts';
import type { Manifold, Vec3 as MVec3 } from 'manifold-3d';

type P = MVec3;

/** The corners of a w x h rectangle at height z, centred. */
function rect(w: number, h: number, z: number, dy = 0): P[] {
  return [[-w / 2, -h / 2 + dy, z], [w / 2, -h / 2 + dy, z], [w / 2, h / 2 + dy, z], [-w / 2, h / 2 + dy, z]];
}

/**
 * The hull's points in the attachment frame: a base from `-seat` to 0 (inside the crown) and
 * above it the shape, `d` high. Bevelled shapes slope down to a low edge on one side; the
 * flat, steep face on the other side is the one the aligner pushes on.
 */
function shapePoints(shape: AttachmentShape, w: number, h: number, d: number, seat: number): P[] {
  const base = rect(w, h, -seat);
  const low = Math.min(0.25, d / 3);
  // A slope from a full-height edge at side `s` (+1: occlusal / mesial) down to `low` at the other.
  const bevelY = (s: 1 | -1): P[] => [[-w / 2, s * h / 2, d], [w / 2, s * h / 2, d], [-w / 2, -s * h / 2, low], [w / 2, -s * h / 2, low], ...rect(w, h, 0)];
  const bevelX = (s: 1 | -1): P[] => [[s * w / 2, -h / 2, d], [s * w / 2, h / 2, d], [-s * w / 2, -h / 2, low], [-s * w / 2, h / 2, low], ...rect(w, h, 0)];
  switch (shape) {
    case 'rectangular-vertical':
    case 'rectangular-horizontal':
      return [...base, ...rect(w, h, d)];
    case 'bevelled-gingival':
      // The bevel runs down towards the gingiva: the flat face looks incisally.
      return [...base, ...bevelY(1)];
    case 'bevelled-incisal':
    case 'optimized-extrusion':
      // The flat face looks gingivally: the aligner lifts the tooth by it.
      return [...base, ...bevelY(-1)];
    case 'optimized-rotation':
      // The flat face on the mesial side, the bevel towards distal: a couple about the long axis.
      return [...base, ...bevelX(1)];
    case 'optimized-root-control':
      // A ridge along the long axis: both long sides bevelled, a narrow top.
      return [...base, ...rect(w, h, 0), ...rect(w * 0.4, h * 0.9, d)];
    case 'ellipsoid': {
      const out: P[] = [...rect(w * 0.7, h * 0.7, -seat)];
      for (let i = 0; i < 16; i++) {
        const a = (i / 16) * 2 * Math.PI;
        for (const [r, z] of [[1, 0], [0.8, d * 0.6], [0.45, d * 0.92]] as const) out.push([Math.cos(a) * r * w / 2, Math.sin(a) * r * h / 2, z]);
        out.push([Math.cos(a) * w / 2, Math.sin(a) * h / 2, -seat]);
      }
      out.push([0, 0, d]);
      return out;
    }
  }
}

/** Column-major 4x4 (manifold's Mat4) taking the attachment frame to the scan frame. */
function frameMatrix(f: AttachmentFrame): [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number] {
  return [f.x[0], f.x[1], f.x[2], 0, f.y[0], f.y[1], f.y[2], 0, f.z[0], f.z[1], f.z[2], 0, f.origin[0], f.origin[1], f.origin[2], 1];
}

export interface AttachmentSolidInput {
  attachment: Attachment;
  /** The tooth's crown (scan frame) and its axes. */
  crown: Mesh;
  frame: ToothFrame;
  /** The tooth's closed collision solid: given, the part of the attachment inside it is cut away. */
  toothSolid?: Mesh;
}

export interface AttachmentSolid {
  /** Scan frame, mm; closed and manifold. */
  mesh: Mesh;
  /** Where it sits: its frame (origin on the enamel at its centre). */
  frame: AttachmentFrame;
  /** How far its base reaches below the plane of its centre, mm. */
  seatMm: number;
  volumeMm3: number;
}

/**
 * A Manifold of a closed triangle mesh (the caller deletes it). With `id` (from
 * Manifold.reserveIDs), the result's triangles can be traced back through any boolean:
 * getMesh's runs carry the id and faceID each triangle's index in `mesh`.
 */
export function manifoldOf(api: ManifoldApi, mesh: Mesh, id?: number): Manifold {
  const triangles = mesh.indices.length / 3;
  const m = new api.Mesh({
    numProp: 3, vertProperties: Float32Array.from(mesh.positions), triVerts: Uint32Array.from(mesh.indices),
    ...(id === undefined ? {} : { runIndex: Uint32Array.of(0, triangles * 3), runOriginalID: Uint32Array.of(id), faceID: Uint32Array.from({ length: triangles }, (_, i) => i) }),
  });
  m.merge();
  return api.Manifold.ofMesh(m);
}

/** Back to our Mesh: positions and triangles only. */
export function meshOf(m: Manifold): Mesh {
  const out = m.getMesh();
  const positions = new Float32Array(out.numVert * 3);
  for (let v = 0; v < out.numVert; v++) {
    for (let k = 0; k < 3; k++) positions[v * 3 + k] = out.vertProperties[v * out.numProp + k];
  }
  return { positions, indices: Uint32Array.from(out.triVerts) };
}

/** The attachment's solid, seated on the crown at its place. */
export function attachmentSolid(api: ManifoldApi, input: AttachmentSolidInput): AttachmentSolid {
  const a = input.attachment;
  const at = crownSurfacePoint(input.crown, input.frame, a.surface, a.offsetMm);
  const frame = attachmentFrame(at, input.frame);
  // A tenth of a millimetre more than the crown falls away under it: never a gap.
  const seatMm = seatingDepth(input.crown, frame, a.widthMm, a.heightMm) + 0.1;
  const owned: Manifold[] = [];
  try {
    const local = api.Manifold.hull(shapePoints(a.shape, a.widthMm, a.heightMm, a.depthMm, seatMm));
    owned.push(local);
    let placed = local.transform(frameMatrix(frame));
    owned.push(placed);
    if (input.toothSolid) {
      const tooth = manifoldOf(api, input.toothSolid);
      owned.push(tooth);
      placed = placed.subtract(tooth);
      owned.push(placed);
    }
    if (placed.status() !== 'NoError' || placed.isEmpty()) throw new Error(`the ${a.shape} attachment on ${a.fdi} could not be built (${placed.status()})`);
    return { mesh: meshOf(placed), frame, seatMm, volumeMm3: placed.volume() };
  } finally {
    for (const m of owned) m.delete();
  }
}
