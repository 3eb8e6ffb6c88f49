// BVHs built before loadTeeth asks for them. The plan session prepares one arch after the
// other; staging the first arch's teeth lets the engine worker build their BVHs while the
// planner worker still works on the second, and a tooth loaded again unchanged (another
// arch re-prepared after a segmentation edit) keeps its BVH. A BVH is reused only for a
// solid and frame identical to the ones it was built from, so a changed tooth is rebuilt.
import type { Fdi } from '../core/fdi.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import type { ToothBvh } from '../geometry/bvh.ts';
import type { ToothInput } from './engine.ts';

interface Entry {
  positions: Float32Array;
  indices: Uint32Array;
  frame: ToothFrame;
  bvh: ToothBvh;
}

export class BvhCache {
  private entries = new Map<Fdi, Entry>();
  /** How many BVHs were handed out again instead of built. */
  hits = 0;

  /** The tooth's BVH: the one built from an identical solid and frame, else `build()`'s (kept). */
  bvhOf(tooth: ToothInput, build: () => ToothBvh): ToothBvh {
    const e = this.entries.get(tooth.fdi);
    if (e && sameArray(e.positions, tooth.solid.positions) && sameArray(e.indices, tooth.solid.indices) && sameFrame(e.frame, tooth.frame)) {
      this.hits++;
      return e.bvh;
    }
    const bvh = build();
    this.entries.set(tooth.fdi, { positions: tooth.solid.positions.slice(), indices: tooth.solid.indices.slice(), frame: structuredClone(tooth.frame), bvh });
    return bvh;
  }

  /** Forgets every tooth but these (the loaded ones), so the cache never outgrows one case's teeth. */
  keepOnly(fdis: readonly Fdi[]): void {
    const keep = new Set(fdis);
    for (const fdi of [...this.entries.keys()]) if (!keep.has(fdi)) this.entries.delete(fdi);
  }

  get size(): number {
    return this.entries.size;
  }
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameFrame(a: ToothFrame, b: ToothFrame): boolean {
  return sameArray(a.origin, b.origin) && sameArray(a.mesial, b.mesial) && sameArray(a.buccal, b.buccal) && sameArray(a.occlusal, b.occlusal);
}
