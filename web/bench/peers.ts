// The libraries a web developer would otherwise reach for, run on the same pair-stages as
// the engine: three-mesh-bvh (closestPointToGeometry + intersectsGeometry, both solids with
// a MeshBVH) and manifold-3d (Manifold.minGap). They answer less than the engine does (an
// unsigned gap and a yes/no overlap, no depth, no penetration counts), so the comparison
// flatters them. Each gets the same bounding-sphere reject the engine does, so far pairs
// cost them nothing either.
import { BufferAttribute, BufferGeometry, Matrix4, Quaternion, Vector3 } from 'three';
import { MeshBVH, type HitPointInfo } from 'three-mesh-bvh';
import type { Pose } from '../core/pose.ts';
import { readPose } from '../engine/layout.ts';
import type { BenchPlan } from './workload.ts';

/** Per-stage poses of one plan: stageCount x toothCount x POSE_WORDS (the engine's POSES). */
export type StagePoses = Float32Array;

export interface PeerRunner {
  readonly name: string;
  /** One-time cost (acceleration structures), ms. */
  readonly buildMs: number;
  /** The peer's answer for a pair at a stage: gap (mm, 0 when touching or overlapping) or null when far. */
  run(pair: number, stage: number): number | null;
  dispose(): void;
}

function matrixOf(p: Pose): Matrix4 {
  return new Matrix4().compose(new Vector3(...p.t), new Quaternion(...p.q), new Vector3(1, 1, 1));
}

/** Bounding sphere of each solid in the scan frame; moved with the tooth's stage pose. */
function spheres(plan: BenchPlan): { c: Vector3; r: number }[] {
  return plan.teeth.map(({ solid }) => {
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(solid.positions, 3));
    g.computeBoundingSphere();
    return { c: g.boundingSphere!.center.clone(), r: g.boundingSphere!.radius };
  });
}

/** Shared by the peers: pose lookup and the sphere reject (the engine's step 1). */
class PairStageFrame {
  private readonly index = new Map<number, number>();
  private readonly sphere: { c: Vector3; r: number }[];

  constructor(readonly plan: BenchPlan, private readonly poses: StagePoses, private readonly searchMm: number) {
    plan.teeth.forEach((t, i) => this.index.set(t.fdi, i));
    this.sphere = spheres(plan);
  }

  teeth(pair: number): [number, number] {
    const p = this.plan.pairs[pair];
    return [this.index.get(p.a)!, this.index.get(p.b)!];
  }

  matrix(tooth: number, stage: number): Matrix4 {
    return matrixOf(readPose(this.poses, this.plan.teeth.length, stage, tooth));
  }

  far(a: number, b: number, ma: Matrix4, mb: Matrix4): boolean {
    const ca = this.sphere[a].c.clone().applyMatrix4(ma), cb = this.sphere[b].c.clone().applyMatrix4(mb);
    return ca.distanceTo(cb) - this.sphere[a].r - this.sphere[b].r > this.searchMm;
  }
  /** The pair's two teeth and A's pose in B's frame at a stage, or null when the spheres are too far apart to touch. */
  relative(pair: number, stage: number, aToB: Matrix4): { a: number; b: number } | null {
    const [a, b] = this.teeth(pair);
    const ma = this.matrix(a, stage), mb = this.matrix(b, stage);
    if (this.far(a, b, ma, mb)) return null;
    aToB.copy(mb).invert().multiply(ma);
    return { a, b };
  }

}

export function threeMeshBvhPeer(plan: BenchPlan, poses: StagePoses, searchMm: number): PeerRunner {
  const frame = new PairStageFrame(plan, poses, searchMm);
  const t0 = performance.now();
  const geometries = plan.teeth.map(({ solid }) => {
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(solid.positions, 3));
    // A copy: building the BVH reorders the index buffer in place.
    g.setIndex(new BufferAttribute(solid.indices.slice(), 1));
    return g;
  });
  // Both sides get a BVH: the library then walks the two trees together (its fast path).
  const bvhs = geometries.map((g) => (g.boundsTree = new MeshBVH(g)));
  const buildMs = performance.now() - t0;
  const hitA: HitPointInfo = { point: new Vector3(), distance: 0, faceIndex: 0 };
  const hitB: HitPointInfo = { point: new Vector3(), distance: 0, faceIndex: 0 };
  const aToB = new Matrix4();
  return {
    name: 'three-mesh-bvh',
    buildMs,
    run(pair, stage) {
      const near = frame.relative(pair, stage, aToB);
      if (!near) return null;
      const { a, b } = near;
      const bvh = bvhs[b];
      if (bvh.intersectsGeometry(geometries[a], aToB)) return 0;
      const hit = bvh.closestPointToGeometry(geometries[a], aToB, hitA, hitB, 0, searchMm);
      return hit ? hit.distance : null;
    },
    dispose() {
      for (const g of geometries) {
        g.boundsTree = undefined;
        g.dispose();
      }
    },
  };
}

/** The parts of manifold-3d's module the peer uses (its full types live in the package). */
type ManifoldModule = Awaited<ReturnType<typeof import('manifold-3d').default>>;
type Manifold = InstanceType<ManifoldModule['Manifold']>;

let manifoldModule: Promise<ManifoldModule> | null = null;

async function loadManifold(): Promise<ManifoldModule> {
  manifoldModule ??= import('manifold-3d').then(async ({ default: Module }) => {
    const wasm = await Module();
    wasm.setup();
    return wasm;
  });
  return manifoldModule;
}

/** Column-major 4x4, as manifold's transform() takes it. */
function mat4(m: Matrix4): Parameters<Manifold['transform']>[0] {
  return m.elements.slice() as Parameters<Manifold['transform']>[0];
}

/**
 * manifold-3d: each closed collision solid becomes a Manifold once; per pair-stage A is
 * moved into B's frame and measured with minGap(B, gapSearchMm). Every Manifold made here
 * is deleted (the JS garbage collector never frees WASM memory).
 */
export async function manifoldPeer(plan: BenchPlan, poses: StagePoses, searchMm: number, gapSearchMm = 0.5): Promise<PeerRunner> {
  const wasm = await loadManifold();
  const frame = new PairStageFrame(plan, poses, searchMm);
  const t0 = performance.now();
  const solids: Manifold[] = [];
  try {
    for (const t of plan.teeth) {
      const mesh = new wasm.Mesh({ numProp: 3, vertProperties: t.solid.positions, triVerts: t.solid.indices });
      mesh.merge();
      solids.push(new wasm.Manifold(mesh));
    }
  } catch (e) {
    for (const s of solids) s.delete();
    throw new Error(`manifold-3d refused tooth ${plan.teeth[solids.length].fdi}'s solid: ${e instanceof Error ? e.message : String(e)}`);
  }
  const buildMs = performance.now() - t0;
  const aToB = new Matrix4();
  return {
    name: 'manifold-3d',
    buildMs,
    run(pair, stage) {
      const near = frame.relative(pair, stage, aToB);
      if (!near) return null;
      const { a, b } = near;
      const moved = solids[a].transform(mat4(aToB));
      try {
        return moved.minGap(solids[b], gapSearchMm);
      } finally {
        moved.delete();
      }
    },
    dispose() {
      for (const s of solids.splice(0)) s.delete();
    },
  };
}
