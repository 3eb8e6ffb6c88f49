// The 3D view's WebGL renderer and lights, made one way wherever they are made, and a head
// start: a package on its way (a share link, a file) will be shown in the 3D view, so its
// renderer is made and the arch shaders compiled while the package downloads, is read and
// stored. The GPU compiles in its own process meanwhile; made when the view opens instead,
// the view's first frame waited for it (about half a second on a software GPU). A shader
// program is shared by every material with the same settings, so the warm-up's materials
// stand in for the arch's. The renderer holds nothing of any case until a view takes it.
import * as THREE from 'three';
import { attachmentMaterial, enamelMaterial, gingivaMaterial } from './arch-materials.ts';

/** A rasterizer on the CPU: Chrome's SwiftShader, Mesa's llvmpipe, Windows' Basic Render Driver. */
export function isSoftwareRenderer(name: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
}

function rendererName(gl: WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
}

/**
 * The view's context, multisampled only where a GPU draws: a software rasterizer pays for 4×
 * multisampling on every pixel of every frame (a frame of the real upper and the demo lower took
 * 450–550 ms with it on this project's test machine, 180–230 ms without). Null: no WebGL 2.
 */
function viewContext(): { canvas: HTMLCanvasElement; context: WebGL2RenderingContext } | null {
  const attributes: WebGLContextAttributes = { alpha: true, depth: true, stencil: false, premultipliedAlpha: true, preserveDrawingBuffer: true, powerPreference: 'high-performance' };
  const plain = document.createElement('canvas');
  const context = plain.getContext('webgl2', { ...attributes, antialias: false });
  if (!context) return null;
  if (isSoftwareRenderer(rendererName(context))) return { canvas: plain, context };
  context.getExtension('WEBGL_lose_context')?.loseContext();
  const canvas = document.createElement('canvas');
  const smooth = canvas.getContext('webgl2', { ...attributes, antialias: true });
  return smooth ? { canvas, context: smooth } : null;
}

export function createStudioRenderer(): THREE.WebGLRenderer {
  const made = viewContext();
  // No WebGL 2: three.js tries itself, and its error is the view's to explain.
  const renderer = new THREE.WebGLRenderer({ ...made, antialias: true, alpha: true, preserveDrawingBuffer: true, powerPreference: 'high-performance' });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  renderer.setClearColor(0x000000, 0);
  renderer.toneMapping = THREE.NeutralToneMapping;
  renderer.domElement.className = 'viewport-canvas';
  return renderer;
}

/** Key and fill ride with the camera, so every view is lit like a dental photograph; a sky light over all. */
export function addStudioLights(scene: THREE.Scene, camera: THREE.Camera): void {
  scene.add(camera);
  const key = new THREE.DirectionalLight(0xffffff, 2.0);
  key.position.set(-0.6, 0.8, 1);
  const fill = new THREE.DirectionalLight(0xfff4ea, 0.7);
  fill.position.set(0.9, -0.3, 0.6);
  camera.add(key, key.target, fill, fill.target);
  key.target.position.set(0, 0, -1);
  fill.target.position.set(0, 0, -1);
  scene.add(new THREE.HemisphereLight(0xf4f7ff, 0x8a7a70, 1.1));
}

/**
 * Compiles what `root` draws, and once the GPU has linked it, asks for each program's uniforms
 * and attributes. three.js asks those lazily, at a program's first draw, and the question waits
 * for everything the GPU process has queued: at the review's first frame that is the compositing
 * of the page's first paint (most of a second on a software GPU). Asked here, while the GPU is
 * idle, the answers are cached and the first frame asks nothing.
 */
export async function readyPrograms(renderer: THREE.WebGLRenderer, root: THREE.Object3D, camera: THREE.Camera,
  wanted: () => boolean = () => true): Promise<void> {
  await renderer.compileAsync(root, camera);
  if (!wanted()) return;
  for (const program of renderer.info.programs ?? []) (program as unknown as { getUniforms(): unknown }).getUniforms();
  // A first draw asks more (extensions; three.js's lighting table, uploaded as a texture) and
  // uploads the geometry: drawn once now into one pixel of the canvas (a render target would
  // need programs of its own), nothing of that is left for the first frame.
  try {
    renderer.setScissor(0, 0, 1, 1);
    renderer.setScissorTest(true);
    renderer.render(root, camera);
  } finally {
    renderer.setScissorTest(false);
  }
}

export interface ViewRendererHeadStart {
  /** Makes the renderer and starts compiling the segmented arch's shaders, unless one waits already. */
  warm(): void;
  /** The renderer warmed ahead, once; null when none waits. The caller owns it from then on. */
  take(): THREE.WebGLRenderer | null;
  /** Frees a renderer nobody took. */
  dispose(): void;
}

export function createViewRendererHeadStart(make: () => THREE.WebGLRenderer = createStudioRenderer): ViewRendererHeadStart {
  let waiting: THREE.WebGLRenderer | null = null;
  return {
    warm() {
      if (waiting) return;
      try {
        const renderer = make();
        const scene = new THREE.Scene();
        const camera = new THREE.PerspectiveCamera();
        addStudioLights(scene, camera);
        // The attributes an arch has (positions, normals, tissue colours): they too decide the program.
        const geometry = new THREE.BufferGeometry();
        geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(9), 3));
        geometry.setAttribute('normal', new THREE.BufferAttribute(new Float32Array(9), 3));
        geometry.setAttribute('color', new THREE.BufferAttribute(new Float32Array(9), 3));
        // Attachments: no tissue colours.
        const solid = new THREE.BufferGeometry();
        solid.setAttribute('position', geometry.getAttribute('position'));
        solid.setAttribute('normal', geometry.getAttribute('normal'));
        for (const [g, material] of [[geometry, gingivaMaterial()], [geometry, enamelMaterial()], [solid, attachmentMaterial()]] as const) {
          const mesh = new THREE.Mesh(g, material);
          // Drawn (as nothing: its triangles are points) though it is nowhere in the camera's view.
          mesh.frustumCulled = false;
          scene.add(mesh);
        }
        // The warm-up's materials are never disposed: that would free their programs before the
        // view's materials take them up.
        void readyPrograms(renderer, scene, camera).catch(() => undefined);
        // Sent to the GPU now: until flushed, the commands wait in this tab for the next call
        // that needs an answer.
        renderer.getContext().flush();
        waiting = renderer;
      } catch {
        // No WebGL here: the view says so when it opens.
      }
    },
    take() {
      const renderer = waiting;
      waiting = null;
      return renderer;
    },
    dispose() {
      waiting?.dispose();
      waiting?.forceContextLoss();
      waiting = null;
    },
  };
}
