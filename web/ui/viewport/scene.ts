// The studio's 3D view as plain three.js: renderer, camera, lights, orbit controls and the
// loaded arches. It renders on demand (controls, data, resize), never in a loop, and
// writes what it drew onto the host element (data-arches, data-frames, data-posed) for tests.
// In plan mode it also moves teeth per pose, draws the ghost, colour maps and the gizmo,
// and side by side draws the same scene twice through one camera: left as scanned, right
// at the shown stage, so orbiting turns both alike.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { CSS2DRenderer } from 'three/addons/renderers/CSS2DRenderer.js';
import { JAWS } from '../../core/types.ts';
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { createArchObject } from './arch-object.ts';
import type { ArchObject } from './arch-object.ts';
import type { ToothAnchor } from './labels.ts';
import type { ArchFrame } from '../../geometry/segmentation/index.ts';
import type { ToothAxes } from '../../geometry/tooth-axes.ts';
import { archFrameObject, disposeOverlay, toothAxesObject } from './overlays.ts';
import type { Pose } from '../../core/pose.ts';
import type { DistanceMode } from './distance-colours.ts';
import { createToothGizmo } from './gizmo.ts';
import { attachPointer } from './pointer.ts';
import type { GizmoDrag, GizmoSpec } from './gizmo.ts';
import { cameraPoseFor } from './views.ts';
import type { StandardView, Vec3 } from './views.ts';
import { whenIdle } from './when-idle.ts';
import { addStudioLights, createStudioRenderer, readyPrograms } from './studio-renderer.ts';
import { attachmentMaterial } from './arch-materials.ts';

export interface ToothPick { jaw: Jaw; fdi: number }

/**
 * A label is drawn when its tooth's buccal side faces the camera, or when the camera looks
 * down the long axes (occlusal views). Labels on the far side of the arch, or of teeth
 * seen edge-on from the front, would pile up on top of the teeth in front of them.
 */
function labelReadable(anchor: ToothAnchor, eye: THREE.Vector3): boolean {
  const [ax, ay, az] = anchor.anchor;
  const dx = eye.x - ax, dy = eye.y - ay, dz = eye.z - az;
  const len = Math.hypot(dx, dy, dz);
  const facing = (anchor.buccal[0] * dx + anchor.buccal[1] * dy) / len;
  const fromAbove = Math.abs(dz) / len;
  return facing > 0.3 || (fromAbove > 0.6 && facing > -0.35);
}

/** Where a click or brush dab landed on an arch: the scan vertex nearest to it. */
export interface SurfaceHit { jaw: Jaw; vertex: number }

export interface StudioSceneHooks {
  /** A click on the model: the tooth under it, or null for gingiva / empty space. */
  onPick(pick: ToothPick | null, segmented: boolean, hit: SurfaceHit | null): void;
  /** Brush mode: a dab at each point of a left-button drag on an arch; `end` when released. */
  onBrush?(hit: SurfaceHit | null, phase: 'dab' | 'end'): void;
  /**
   * A frame was sent to the GPU; `posed`: the arches drawn with the plan's tooth poses;
   * `drawn()`: when the GPU has drawn it (see gpuDone).
   */
  onRendered?(posed: readonly Jaw[], drawn: () => Promise<void>): void;
}

/** 'orbit': left-drag orbits, click picks. 'brush': left-drag paints, right-drag orbits. */
export type SceneInteraction = 'orbit' | 'brush';

/** An attachment to draw: its solid as placed on the scanned tooth, shown or not at the stage on screen. */
export interface SceneAttachment {
  fdi: number;
  positions: Float32Array;
  indices: Uint32Array;
  visible: boolean;
}

export interface StudioScene {
  setArch(jaw: Jaw, mesh: LabelledMesh | null): void;
  setArchVisible(jaw: Jaw, visible: boolean): void;
  showView(view: StandardView): void;
  setLabelText(text: (fdi: number) => string): void;
  setSelected(pick: ToothPick | null): void;
  /** New labels on the arch's scan, applied in place (see ArchObject.setLabels). */
  setLabels(jaw: Jaw, labels: Uint8Array, settled: boolean): void;
  setArchFrame(jaw: Jaw, frame: ArchFrame | null): void;
  setToothAxes(jaw: Jaw, axes: { teeth: readonly ToothAxes[]; curve: readonly Vec3[] } | null): void;
  setInteraction(mode: SceneInteraction): void;
  /** null: the arch as one mesh; otherwise each crown at its pose (scan frame, mm; missing FDI: as scanned). */
  setToothPoses(jaw: Jaw, poses: ReadonlyMap<number, Pose> | null): void;
  /** While teeth are posed: translucent crowns where they were scanned. */
  setGhost(on: boolean): void;
  /** Per arch vertex signed distance (mm, NaN: not measured) as a colour map; null: tooth tints. */
  setVertexDistances(jaw: Jaw, distances: Float32Array | null, mode: DistanceMode): void;
  setGizmo(gizmo: GizmoSpec | null, onDrag?: GizmoDrag): void;
  /** Side by side: the left half as scanned, the right half posed (labels and picking on the right only). */
  setSplit(on: boolean): void;
  /** Review comments per tooth, marked on the number labels. */
  setCommentMarks(marks: ReadonlyMap<number, number>): void;
  /**
   * While held nothing is drawn (the last frame stays): a view about to change wholesale (the
   * scans about to be replaced by the staged plan) is not drawn in between. Released, it draws.
   */
  setHold(on: boolean): void;
  /** The arch's teeth are about to be posed: their meshes are built now (see ArchObject.preparePoses). */
  preparePoses(jaw: Jaw): void;
  /** The plan's attachments (scan frame, each drawn with its tooth's pose); null: none. */
  setAttachments(items: readonly SceneAttachment[] | null): void;
  /** The shown stage's trim line per arch (scan frame, x y z per point, a closed loop); none drawn for an arch left out. */
  setTrimLines(lines: Partial<Record<Jaw, Float32Array>>): void;
  dispose(): void;
}

const FOV_DEG = 30;

export interface SceneOptions {
  /** Made held (see setHold) when what it shows first is still on its way: its canvas is not sized until then. */
  held?: boolean;
  /** A renderer made ahead (studio-renderer.ts), owned by the scene from now on. */
  renderer?: THREE.WebGLRenderer | null;
}

/**
 * `host` receives the canvas and label layer (and nothing else should render into it);
 * `report` receives data-arches / data-frames (it may be host itself or its container).
 */
export function createStudioScene(host: HTMLElement, hooks: StudioSceneHooks, report: HTMLElement = host, options: SceneOptions = {}): StudioScene {
  const renderer = options.renderer ?? createStudioRenderer();
  host.appendChild(renderer.domElement);

  const labelRenderer = new CSS2DRenderer();
  labelRenderer.domElement.className = 'viewport-labels';
  host.appendChild(labelRenderer.domElement);

  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera(FOV_DEG, 1, 1, 2000);
  camera.up.set(0, 0, 1);
  addStudioLights(scene, camera);

  const arches: Partial<Record<Jaw, ArchObject>> = {};
  const visible: Record<Jaw, boolean> = { upper: true, lower: true };
  let labelText: (fdi: number) => string = String;
  let selected: ToothPick | null = null;
  let currentView: StandardView = 'front';
  let frames = 0;
  let pending = 0;
  let disposed = false;
  let held = options.held ?? false;
  report.dataset.held = String(held);

  const frameOverlays: Partial<Record<Jaw, THREE.LineSegments>> = {};
  const axesOverlays: Partial<Record<Jaw, THREE.LineSegments>> = {};
  let interaction: SceneInteraction = 'orbit';
  // Plan state per jaw, kept so that a replaced arch comes back as it was shown.
  const poses: Partial<Record<Jaw, ReadonlyMap<number, Pose>>> = {};
  const distances: Partial<Record<Jaw, { values: Float32Array; mode: DistanceMode }>> = {};
  let ghost = false;
  let split = false;
  let marks: ReadonlyMap<number, number> = new Map();
  let gizmoDragging = false;
  let controls = makeControls(camera.up);
  // Made on first use: a review never shows it, and building its handles is not free.
  let gizmo: ReturnType<typeof createToothGizmo> | null = null;
  const theGizmo = () => (gizmo ??= createToothGizmo(scene, camera, renderer.domElement, {
    render: requestRender,
    draggingChanged(dragging) {
      gizmoDragging = dragging;
      controls.enabled = !dragging;
    },
  }));

  function makeControls(up: THREE.Vector3): OrbitControls {
    camera.up.copy(up);
    const c = new OrbitControls(camera, renderer.domElement);
    c.enableDamping = false;
    c.zoomToCursor = true;
    c.addEventListener('change', requestRender);
    // A view change in the middle of a gizmo drag must not start orbiting.
    c.enabled = !gizmoDragging;
    applyInteraction(c);
    return c;
  }

  function applyInteraction(c: OrbitControls) {
    // Brushing takes the left button; orbiting moves to the right one.
    c.mouseButtons = interaction === 'brush'
      ? { LEFT: null, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: THREE.MOUSE.ROTATE }
      : { LEFT: THREE.MOUSE.ROTATE, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: THREE.MOUSE.PAN };
    // Fingers (a tablet, a phone): one orbits, two pinch to zoom and move to pan; a tap picks
    // (pointer.ts). Brushing takes the one finger; two still zoom and pan. The canvas has
    // touch-action: none (styles.css, and OrbitControls sets it), so the page neither scrolls
    // nor zooms under a gesture on the view.
    c.touches = interaction === 'brush'
      ? { ONE: null, TWO: THREE.TOUCH.DOLLY_PAN }
      : { ONE: THREE.TOUCH.ROTATE, TWO: THREE.TOUCH.DOLLY_PAN };
  }

  // Attachments ride on their tooth: each frame takes the tooth's current pose.
  const attachmentGroup = new THREE.Group();
  attachmentGroup.name = 'attachments';
  scene.add(attachmentGroup);
  const attachmentSolid = attachmentMaterial();
  let attachmentKey = '';
  function placeAttachments() {
    for (const o of attachmentGroup.children) {
      const fdi = o.userData.fdi as number;
      const arch = arches[fdi >= 30 ? 'lower' : 'upper'];
      const m = arch?.toothMatrix(fdi);
      if (m) o.matrix.copy(m);
      else o.matrix.identity();
      o.matrixWorldNeedsUpdate = true;
      o.visible = (o.userData.shown as boolean) && !!arch && visible[arch.jaw];
    }
  }
  function clearAttachments() {
    for (const o of [...attachmentGroup.children]) {
      o.removeFromParent();
      (o as THREE.Mesh).geometry.dispose();
    }
  }

  // Trim lines: a thin tube (a WebGL line is one pixel wide whatever the zoom), depth-tested
  // so the line behind the teeth is hidden, in a colour no tooth, gum or attachment has.
  const trimGroup = new THREE.Group();
  trimGroup.name = 'trim lines';
  scene.add(trimGroup);
  const trimMaterial = new THREE.MeshBasicMaterial({ color: 0x12a150 });
  const trimLines: Partial<Record<Jaw, { points: Float32Array; mesh: THREE.Mesh }>> = {};
  function trimTube(points: Float32Array): THREE.Mesh {
    const curve = new THREE.CatmullRomCurve3(Array.from({ length: points.length / 3 }, (_, i) => new THREE.Vector3(points[3 * i], points[3 * i + 1], points[3 * i + 2])), true);
    const mesh = new THREE.Mesh(new THREE.TubeGeometry(curve, points.length / 3, 0.18, 5, true), trimMaterial);
    mesh.raycast = () => {};
    return mesh;
  }

  /** Held, nothing is on screen yet to pick: the BVHs wait, leaving the main thread to what will be shown. */
  const bvhAfterHold = new Map<Jaw, ArchObject>();
  function buildBvhLater(jaw: Jaw, arch: ArchObject) {
    if (held) return void bvhAfterHold.set(jaw, arch);
    afterDrawn(() => { if (!disposed && arches[jaw] === arch) arch.ensureBvh(); });
  }

  // Idle is not idle while the GPU draws a frame: a software GPU draws with the same cores.
  // Work nobody waits for yet starts once the GPU has drawn what was sent before it.
  function afterDrawn(task: () => void) {
    whenIdle(() => void gpuDone().then(() => whenIdle(task)));
  }

  function requestRender() {
    if (pending || disposed) return;
    pending = requestAnimationFrame(render);
  }

  function drawn(): Jaw[] {
    return JAWS.filter((j) => arches[j] && visible[j]);
  }

  function render() {
    pending = 0;
    if (disposed || held) return;
    placeAttachments();
    const eye = camera.position;
    for (const jaw of JAWS) {
      const arch = arches[jaw];
      if (!arch) continue;
      arch.group.visible = visible[jaw];
      for (const o of [frameOverlays[jaw], axesOverlays[jaw], trimLines[jaw]?.mesh]) if (o) o.visible = visible[jaw];
      // Hidden by class, not by object.visible: CSS2DRenderer only puts visible labels in
      // the DOM, and every tooth of a drawn arch should have its label element.
      for (const l of arch.labels) l.element.classList.toggle('facing-away', !labelReadable(l.anchor, eye));
    }
    if (split) renderSplit();
    else renderer.render(scene, camera);
    labelRenderer.render(scene, camera);
    frames++;
    report.dataset.frames = String(frames);
    report.dataset.arches = drawn().join(',');
    const posed = JAWS.filter((j) => arches[j]?.posed);
    report.dataset.posed = posed.join(',');
    // Where the camera is, for tests of orbiting and zooming (a finger's or a mouse's).
    report.dataset.camera = eye.toArray().map((v) => v.toFixed(2)).join(',');
    report.dataset.cameraDistance = eye.distanceTo(controls.target).toFixed(2);
    hooks.onRendered?.(posed, gpuDone);
  }

  // Sending a frame is not drawing it: the GPU process may first finish other work (on a
  // software GPU, the page's own painting can take most of a second). A fence after the frame
  // says when the GPU has got through it; its status is asked between tasks, never waited on.
  function gpuDone(): Promise<void> {
    const gl = renderer.getContext();
    if (!(gl instanceof WebGL2RenderingContext) || gl.isContextLost()) return Promise.resolve();
    const fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (!fence) return Promise.resolve();
    gl.flush();
    return new Promise((resolve) => {
      const poll = () => {
        if (disposed || gl.isContextLost() || gl.getSyncParameter(fence, gl.SYNC_STATUS) === gl.SIGNALED) {
          if (!gl.isContextLost()) gl.deleteSync(fence);
          resolve();
        } else setTimeout(poll, 4);
      };
      setTimeout(poll, 0);
    });
  }

  /** Width of the left half when split (0 otherwise), CSS pixels. */
  function leftWidth(w: number): number {
    return split ? Math.floor(w / 2) : 0;
  }

  function renderSplit() {
    const w = Math.max(1, host.clientWidth);
    const h = Math.max(1, host.clientHeight);
    const left = leftWidth(w);
    renderer.setScissorTest(true);
    // The left half is the scan as it came: no stage's trim line on it.
    for (const j of JAWS) arches[j]?.showScanned(true);
    trimGroup.visible = false;
    renderer.setViewport(0, 0, left, h);
    renderer.setScissor(0, 0, left, h);
    renderer.render(scene, camera);
    for (const j of JAWS) arches[j]?.showScanned(false);
    trimGroup.visible = true;
    renderer.setViewport(left, 0, w - left, h);
    renderer.setScissor(left, 0, w - left, h);
    renderer.render(scene, camera);
    renderer.setScissorTest(false);
    renderer.setViewport(0, 0, w, h);
  }

  // Each new size of the drawing buffer is a fresh allocation, and a wait for all the GPU has
  // queued (at the first frame of a review: the page's first paint, most of a second on a
  // software GPU). A held view is sized at its first layout, while the GPU is idle, and again
  // when the hold ends only if its size changed meanwhile. An unchanged size is not set again.
  let bufferSize = '';
  function sizeBuffer() {
    const w = Math.max(1, host.clientWidth);
    const h = Math.max(1, host.clientHeight);
    if (bufferSize === `${w}x${h}`) return;
    bufferSize = `${w}x${h}`;
    renderer.setSize(w, h, false);
  }
  function resize() {
    const w = Math.max(1, host.clientWidth);
    const h = Math.max(1, host.clientHeight);
    const left = leftWidth(w);
    if (!held || bufferSize === '') sizeBuffer();
    // The labels belong to the posed (right) half.
    labelRenderer.setSize(w - left, h);
    labelRenderer.domElement.style.left = `${left}px`;
    camera.aspect = (w - left) / h;
    camera.updateProjectionMatrix();
    requestRender();
  }
  const observer = new ResizeObserver(resize);
  observer.observe(host);
  resize();

  function frameBox(): THREE.Box3 | null {
    const box = new THREE.Box3();
    const jaws = drawn().length ? drawn() : JAWS.filter((j) => arches[j]);
    for (const j of jaws) box.union(arches[j]!.box);
    return box.isEmpty() ? null : box;
  }

  function showView(view: StandardView) {
    currentView = view;
    const box = frameBox();
    if (!box) return requestRender();
    const pose = cameraPoseFor(view, { min: box.min.toArray(), max: box.max.toArray() }, FOV_DEG, camera.aspect);
    controls.dispose();
    controls = makeControls(new THREE.Vector3(...pose.up));
    camera.position.set(...pose.position);
    camera.near = Math.max(0.5, pose.distance / 50);
    camera.far = pose.distance * 20;
    camera.updateProjectionMatrix();
    controls.target.set(...pose.target);
    controls.update();
    requestRender();
  }

  // Picking: a click (not the end of an orbit) raycasts the visible arches through their BVH.
  const pointer = attachPointer(renderer.domElement, camera, scene, {
    targets: () => drawn().map((j) => arches[j]!),
    interaction: () => interaction,
    takeHandlePress: () => gizmo?.takeHandlePress() ?? false,
    // Side by side, a click picks on the posed half; the scanned half only orbits.
    area: (x, width) => {
      const left = leftWidth(width);
      return x < left ? null : { left, width: width - left };
    },
  }, hooks);

  return {
    setArch(jaw, mesh) {
      arches[jaw]?.group.removeFromParent();
      arches[jaw]?.dispose();
      delete arches[jaw];
      if (mesh) {
        const arch = createArchObject(jaw, mesh, labelText);
        if (selected?.jaw === jaw) arch.setHighlight(selected.fdi);
        arch.setGhost(ghost);
        arch.setMarks(marks);
        arch.setToothPoses(poses[jaw] ?? null);
        const d = distances[jaw];
        if (d) arch.setVertexDistances(d.values, d.mode);
        scene.add(arch.group);
        arches[jaw] = arch;
        // Nothing is drawn while held: the GPU compiles the arch's shaders meanwhile, so the
        // first frame after (the staged plan, with the same materials) need not.
        if (held) void readyPrograms(renderer, scene, camera, () => !disposed && held).catch(() => undefined);
        // Held, the staged plan is what comes next: its tooth meshes are built in the pause
        // while the rest of the case loads, not after the plan is ready. Built even when the
        // hold ended meanwhile (the plan came first), unless the plan's poses built them already.
        if (held) setTimeout(() => { if (arches[jaw] === arch) arch.preparePoses(); });
        // Build the picking BVH once, when the browser is idle after the arch is on screen,
        // so the first click is quick and loading is not slowed.
        buildBvhLater(jaw, arch);
      }
      // New data: frame it in the current standard view.
      showView(currentView);
    },
    setArchVisible(jaw, isVisible) {
      visible[jaw] = isVisible;
      requestRender();
    },
    showView,
    setLabelText(text) {
      labelText = text;
      for (const j of JAWS) arches[j]?.setLabelText(text);
      requestRender();
    },
    setSelected(pick) {
      selected = pick;
      for (const j of JAWS) arches[j]?.setHighlight(pick && pick.jaw === j ? pick.fdi : null);
      requestRender();
    },
    setLabels(jaw, labels, settled) {
      const arch = arches[jaw];
      if (!arch) return;
      arch.setLabels(labels, settled);
      if (selected?.jaw === jaw) arch.setHighlight(selected.fdi);
      if (settled) buildBvhLater(jaw, arch);
      requestRender();
    },
    setArchFrame(jaw, frame) {
      disposeOverlay(frameOverlays[jaw]);
      delete frameOverlays[jaw];
      if (frame) scene.add((frameOverlays[jaw] = archFrameObject(frame)));
      requestRender();
    },
    setToothAxes(jaw, axes) {
      disposeOverlay(axesOverlays[jaw]);
      delete axesOverlays[jaw];
      if (axes) scene.add((axesOverlays[jaw] = toothAxesObject(axes.teeth, axes.curve)));
      requestRender();
    },
    setInteraction(mode) {
      interaction = mode;
      applyInteraction(controls);
      renderer.domElement.classList.toggle('brushing', mode === 'brush');
    },
    setToothPoses(jaw, next) {
      if (next) poses[jaw] = next;
      else delete poses[jaw];
      arches[jaw]?.setToothPoses(next);
      requestRender();
    },
    setGhost(on) {
      ghost = on;
      for (const j of JAWS) arches[j]?.setGhost(on);
      requestRender();
    },
    setVertexDistances(jaw, values, mode) {
      if (values) distances[jaw] = { values, mode };
      else delete distances[jaw];
      arches[jaw]?.setVertexDistances(values, mode);
      requestRender();
    },
    setGizmo(spec, onDrag) {
      if (spec || gizmo) theGizmo().set(spec, onDrag);
    },
    setSplit(on) {
      if (split === on) return;
      split = on;
      report.dataset.split = String(on);
      resize();
      // Framed again for the new width of the view.
      showView(currentView);
    },
    setCommentMarks(next) {
      marks = next;
      for (const j of JAWS) arches[j]?.setMarks(next);
      requestRender();
    },
    setAttachments(items) {
      // The same solids (by identity of their arrays) only change whether they are shown.
      const key = (items ?? []).map((a) => `${a.fdi}:${a.positions.length}:${a.indices.length}`).join(',');
      const same = key === attachmentKey && attachmentGroup.children.length === (items?.length ?? 0)
        && (items ?? []).every((a, i) => (attachmentGroup.children[i] as THREE.Mesh).geometry.getAttribute('position').array === a.positions);
      if (!same) {
        clearAttachments();
        for (const a of items ?? []) {
          const g = new THREE.BufferGeometry();
          g.setAttribute('position', new THREE.BufferAttribute(a.positions, 3));
          g.setIndex(new THREE.BufferAttribute(a.indices, 1));
          g.computeVertexNormals();
          const mesh = new THREE.Mesh(g, attachmentSolid);
          mesh.name = `attachment ${a.fdi}`;
          mesh.matrixAutoUpdate = false;
          mesh.userData.fdi = a.fdi;
          mesh.raycast = () => {};
          attachmentGroup.add(mesh);
        }
        attachmentKey = key;
      }
      (items ?? []).forEach((a, i) => { attachmentGroup.children[i].userData.shown = a.visible; });
      report.dataset.attachments = String((items ?? []).filter((a) => a.visible).length);
      requestRender();
    },
    setTrimLines(lines) {
      for (const jaw of JAWS) {
        const points = lines[jaw] ?? null;
        if (trimLines[jaw]?.points === points) continue;
        const old = trimLines[jaw];
        old?.mesh.removeFromParent();
        old?.mesh.geometry.dispose();
        delete trimLines[jaw];
        if (points && points.length >= 9) {
          const mesh = trimTube(points);
          mesh.name = `trim line ${jaw}`;
          trimGroup.add(mesh);
          trimLines[jaw] = { points, mesh };
        }
      }
      report.dataset.trimLines = JAWS.filter((j) => trimLines[j]).join(',');
      requestRender();
    },
    setHold(on) {
      if (held === on) return;
      held = on;
      report.dataset.held = String(on);
      if (on) return;
      sizeBuffer();
      for (const [jaw, arch] of bvhAfterHold) buildBvhLater(jaw, arch);
      bvhAfterHold.clear();
      requestRender();
    },
    preparePoses(jaw) {
      arches[jaw]?.preparePoses();
    },
    dispose() {
      disposed = true;
      if (pending) cancelAnimationFrame(pending);
      observer.disconnect();
      for (const j of JAWS) {
        disposeOverlay(frameOverlays[j]);
        disposeOverlay(axesOverlays[j]);
      }
      pointer.dispose();
      gizmo?.dispose();
      clearAttachments();
      attachmentSolid.dispose();
      for (const j of JAWS) trimLines[j]?.mesh.geometry.dispose();
      trimMaterial.dispose();
      controls.dispose();
      for (const j of JAWS) arches[j]?.dispose();
      renderer.dispose();
      renderer.forceContextLoss();
      renderer.domElement.remove();
      labelRenderer.domElement.remove();
    },
  };
}
