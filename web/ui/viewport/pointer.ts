// Pointer input on the canvas: clicks pick a tooth (not the end of an orbit, nor a press on
// a gizmo handle), and in brush mode a left-button drag paints. Picks raycast the arches as
// drawn, moved teeth included.
import * as THREE from 'three';
import type { ArchObject } from './arch-object.ts';
import type { SceneInteraction, StudioSceneHooks, SurfaceHit } from './scene.ts';

/** A pointer that moved more than this between down and up was orbiting, not clicking. */
const CLICK_SLOP_PX = 5;
/** A finger is less steady than a mouse: a tap may wander this far and still pick. */
const TAP_SLOP_PX = 12;

export interface PointerDeps {
  targets(): ArchObject[];
  interaction(): SceneInteraction;
  /** True when the press that just ended grabbed a gizmo handle. */
  takeHandlePress(): boolean;
  /**
   * The part of the canvas a pointer at `x` (CSS px from its left) picks in, or null where
   * clicks pick nothing (the side-by-side view's scanned half). Default: the whole canvas.
   */
  area?(x: number, width: number): { left: number; width: number } | null;
}

export function attachPointer(dom: HTMLElement, camera: THREE.Camera, scene: THREE.Scene, deps: PointerDeps, hooks: StudioSceneHooks): { dispose(): void } {
  let brushing = false;
  let downAt: { x: number; y: number; id: number; slop: number } | null = null;
  // Fingers (or pens, mice) down on the canvas now: a press that another joined was a
  // pinch or a two-finger pan, never a tap, whichever finger lifts last.
  const down = new Set<number>();
  const raycaster = new THREE.Raycaster();
  raycaster.firstHitOnly = true;
  function areaOf(e: PointerEvent): { rect: DOMRect; left: number; width: number } | null {
    const rect = dom.getBoundingClientRect();
    const area = deps.area ? deps.area(e.clientX - rect.left, rect.width) : { left: 0, width: rect.width };
    return area ? { rect, ...area } : null;
  }
  function castAt(e: PointerEvent): { arch: ArchObject; fdi: number; vertex: number } | null {
    const at = areaOf(e);
    if (!at) return null;
    const { rect } = at;
    const ndc = new THREE.Vector2(((e.clientX - rect.left - at.left) / at.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1);
    raycaster.setFromCamera(ndc, camera);
    scene.updateMatrixWorld();
    let best: { arch: ArchObject; fdi: number; vertex: number; distance: number } | null = null;
    for (const arch of deps.targets()) {
      arch.ensureBvh();
      const at = arch.raycast(raycaster);
      if (at && (!best || at.hit.distance < best.distance)) best = { arch, fdi: at.fdi, vertex: at.vertex, distance: at.hit.distance };
    }
    return best;
  }
  function surfaceHit(e: PointerEvent): SurfaceHit | null {
    const at = castAt(e);
    return at ? { jaw: at.arch.jaw, vertex: at.vertex } : null;
  }
  function onPointerDown(e: PointerEvent) {
    // A mouse, or a first finger: nothing else is down (an up lost elsewhere is forgotten).
    if (e.pointerType !== 'touch' || e.isPrimary) down.clear();
    down.add(e.pointerId);
    if (down.size > 1) {
      downAt = null;
      // A second finger: the stroke ends, the fingers zoom and pan.
      if (brushing) {
        brushing = false;
        hooks.onBrush?.(null, 'end');
      }
      return;
    }
    downAt = e.button === 0 ? { x: e.clientX, y: e.clientY, id: e.pointerId, slop: e.pointerType === 'touch' ? TAP_SLOP_PX : CLICK_SLOP_PX } : null;
    if (deps.interaction() === 'brush' && e.button === 0) {
      brushing = true;
      try {
        dom.setPointerCapture(e.pointerId);
      } catch {
        // A synthetic pointer (tests, assistive tools) cannot be captured; the stroke still works.
      }
      hooks.onBrush?.(surfaceHit(e), 'dab');
    }
  }
  function onPointerMove(e: PointerEvent) {
    if (!brushing) return;
    const hit = surfaceHit(e);
    if (hit) hooks.onBrush?.(hit, 'dab');
  }
  function onPointerUp(e: PointerEvent) {
    down.delete(e.pointerId);
    const start = downAt?.id === e.pointerId ? downAt : null;
    downAt = null;
    if (brushing) {
      brushing = false;
      hooks.onBrush?.(null, 'end');
      return;
    }
    // A press on a gizmo handle moved (or grabbed) the tooth: it selects nothing.
    if (deps.takeHandlePress()) return;
    if (!start || Math.hypot(e.clientX - start.x, e.clientY - start.y) > start.slop) return;
    if (!areaOf(e)) return;
    const at = castAt(e);
    if (!at) return hooks.onPick(null, true, null);
    const fdi = at.fdi;
    hooks.onPick(fdi ? { jaw: at.arch.jaw, fdi } : null, at.arch.segmented, { jaw: at.arch.jaw, vertex: at.vertex });
  }
  // The browser took the gesture (or the finger left the window): no tap, no stroke.
  function onPointerCancel(e: PointerEvent) {
    down.delete(e.pointerId);
    downAt = null;
    if (brushing) {
      brushing = false;
      hooks.onBrush?.(null, 'end');
    }
  }
  dom.addEventListener('pointerdown', onPointerDown);
  dom.addEventListener('pointermove', onPointerMove);
  dom.addEventListener('pointerup', onPointerUp);
  dom.addEventListener('pointercancel', onPointerCancel);
  return {
    dispose() {
      dom.removeEventListener('pointercancel', onPointerCancel);
      dom.removeEventListener('pointermove', onPointerMove);
      dom.removeEventListener('pointerdown', onPointerDown);
      dom.removeEventListener('pointerup', onPointerUp);
    },
  };
}
