// The setup editor's 3D gizmo: three.js TransformControls in local space on a pivot that
// sits at the tooth's final pose times its body frame, so the handles run along the tooth's
// mesial, buccal and long axes. Dragging reports the tooth's new final pose.
import * as THREE from 'three';
import { TransformControls } from 'three/addons/controls/TransformControls.js';
import type { Pose } from '../../core/pose.ts';
import type { ToothFrame } from '../../core/tooth-frame.ts';
import { matrixPose, poseMatrix } from './tooth-meshes.ts';

export interface GizmoSpec {
  fdi: number;
  frame: ToothFrame;
  /** The tooth's final pose, scan frame. */
  finalPose: Pose;
  mode: 'translate' | 'rotate';
}

export type GizmoDrag = (finalPose: Pose, phase: 'move' | 'end') => void;

/**
 * Scan frame <- tooth body frame: origin at the crown centroid, axes mesial, buccal and
 * mesial x buccal (right-handed on both sides; engine.ts bodyPose, in three.js terms).
 */
export function bodyFrameMatrix(frame: ToothFrame, out = new THREE.Matrix4()): THREE.Matrix4 {
  const e1 = new THREE.Vector3(...frame.mesial);
  const e2 = new THREE.Vector3(...frame.buccal);
  const e3 = new THREE.Vector3().crossVectors(e1, e2);
  return out.makeBasis(e1, e2, e3).setPosition(...frame.origin);
}

/** Where the pivot goes for a tooth at `finalPose`. */
export function pivotMatrix(spec: Pick<GizmoSpec, 'frame' | 'finalPose'>): THREE.Matrix4 {
  return poseMatrix(spec.finalPose).multiply(bodyFrameMatrix(spec.frame));
}

/** The final pose a pivot stands for: pivot * body^-1. */
export function finalPoseOfPivot(pivot: THREE.Matrix4, frame: ToothFrame): Pose {
  return matrixPose(pivot.clone().multiply(bodyFrameMatrix(frame).invert()));
}

export interface ToothGizmo {
  set(spec: GizmoSpec | null, onDrag?: GizmoDrag): void;
  readonly dragging: boolean;
  /** True once after a press that grabbed a handle, so that the click is not also a pick. */
  takeHandlePress(): boolean;
  dispose(): void;
}

export function createToothGizmo(scene: THREE.Scene, camera: THREE.Camera, dom: HTMLElement, hooks: { render(): void; draggingChanged(dragging: boolean): void }): ToothGizmo {
  const pivot = new THREE.Object3D();
  pivot.name = 'gizmo pivot';
  scene.add(pivot);
  const controls = new TransformControls(camera, dom);
  controls.setSpace('local');
  controls.enabled = false;
  const helper = controls.getHelper();
  scene.add(helper);
  let spec: GizmoSpec | null = null;
  let drag: GizmoDrag | undefined;
  let moved = false;
  let pressed = false;

  function place() {
    if (!spec) return;
    pivotMatrix(spec).decompose(pivot.position, pivot.quaternion, pivot.scale);
    pivot.updateMatrixWorld(true);
  }
  const current = (): Pose | null => {
    if (!spec) return null;
    pivot.updateMatrix();
    return finalPoseOfPivot(pivot.matrix, spec.frame);
  };

  controls.addEventListener('change', () => hooks.render());
  controls.addEventListener('dragging-changed', (e) => hooks.draggingChanged(Boolean(e.value)));
  controls.addEventListener('mouseDown', () => {
    pressed = true;
    moved = false;
  });
  controls.addEventListener('objectChange', () => {
    const pose = current();
    if (!pose) return;
    moved = true;
    drag?.(pose, 'move');
  });
  controls.addEventListener('mouseUp', () => {
    const pose = current();
    if (pose && moved) drag?.(pose, 'end');
    moved = false;
  });

  return {
    set(next, onDrag) {
      const sameTooth = spec && next && spec.fdi === next.fdi;
      drag = onDrag;
      spec = next;
      if (!next) {
        controls.detach();
        controls.enabled = false;
        hooks.render();
        return;
      }
      controls.setMode(next.mode);
      // The plan's pose lags behind a drag in progress; it must not pull the handles back.
      if (!(sameTooth && controls.dragging)) place();
      if (controls.object !== pivot) controls.attach(pivot);
      controls.enabled = true;
      hooks.render();
    },
    get dragging() {
      return controls.dragging;
    },
    takeHandlePress() {
      const was = pressed;
      pressed = false;
      return was;
    },
    dispose() {
      controls.detach();
      controls.dispose();
      helper.removeFromParent();
      pivot.removeFromParent();
    },
  };
}
