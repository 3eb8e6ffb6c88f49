// The viewport's plan mode on a tiny labelled arch, in real WebGL: teeth moved per pose,
// the ghost, a distance colour map, picking a moved tooth and dragging the gizmo.
import { expect } from 'chai';
import { executeServerCommand, resetMouse, sendMouse } from '@web/test-runner-commands';
import { createStudioScene } from './scene.ts';
import { createViewRendererHeadStart, isSoftwareRenderer } from './studio-renderer.ts';
import type { StudioScene, ToothPick } from './scene.ts';
import type { Pose } from '../../core/pose.ts';
import { tinyArch } from '../state/fixtures/library.ts';

const W = 600, H = 400;
type Px = { x: number; y: number; r: number; g: number; b: number };

function setup(options?: Parameters<typeof createStudioScene>[3]) {
  const host = document.createElement('div');
  host.style.cssText = `position:fixed;left:0;top:0;width:${W}px;height:${H}px;background:#fff`;
  document.body.appendChild(host);
  const picks: (ToothPick | null)[] = [];
  const scene = createStudioScene(host, { onPick: (p) => picks.push(p) }, host, options);
  return { host, picks, scene };
}

async function frame(host: HTMLElement): Promise<void> {
  const before = Number(host.dataset.frames ?? 0);
  const start = performance.now();
  while (Number(host.dataset.frames ?? 0) <= before) {
    if (performance.now() - start > 10_000) throw new Error('no frame rendered');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Drawn pixels (alpha > 0), in CSS pixels of the page. */
function drawn(host: HTMLElement): Px[] {
  const gl = host.querySelector('canvas')!;
  const c = document.createElement('canvas');
  c.width = gl.width;
  c.height = gl.height;
  const ctx = c.getContext('2d')!;
  ctx.drawImage(gl, 0, 0);
  const data = ctx.getImageData(0, 0, c.width, c.height).data;
  const sx = W / c.width, sy = H / c.height;
  const out: Px[] = [];
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 40) continue;
    const p = i / 4;
    out.push({ x: (p % c.width) * sx, y: Math.floor(p / c.width) * sy, r: data[i], g: data[i + 1], b: data[i + 2] });
  }
  return out;
}

const key = (p: Px) => `${Math.round(p.x)},${Math.round(p.y)}`;
const centroid = (ps: Px[]) => ({ x: ps.reduce((s, p) => s + p.x, 0) / ps.length, y: ps.reduce((s, p) => s + p.y, 0) / ps.length });

async function click(x: number, y: number): Promise<void> {
  await sendMouse({ type: 'move', position: [Math.round(x), Math.round(y)] });
  await sendMouse({ type: 'down' });
  await sendMouse({ type: 'up' });
}

const MOVE: Pose = { t: [0, 0, -8], q: [0, 0, 0, 1] };

describe('viewport plan mode', () => {
  let scene: StudioScene;
  let host: HTMLElement;
  afterEach(async () => {
    scene?.dispose();
    host?.remove();
    await resetMouse();
  });

  it('draws a posed tooth where its pose puts it, picks it there, and shows ghost and colour map', async () => {
    const s = setup();
    ({ scene, host } = s);
    scene.setArch('upper', tinyArch([11, 12, 13, 14]));
    await frame(host);
    const before = drawn(host);
    expect(before.length).to.be.greaterThan(200);
    expect(host.dataset.posed).to.equal('');

    const labelAt = () => host.querySelector<HTMLElement>('.tooth-label[data-fdi="11"]')!.getBoundingClientRect();
    const labelBefore = labelAt();
    scene.setToothPoses('upper', new Map([[11, MOVE]]));
    await frame(host);
    expect(host.dataset.posed).to.equal('upper');
    expect(labelAt().top - labelBefore.top).to.be.greaterThan(30);
    const after = drawn(host);
    const had = new Set(before.map(key));
    const has = new Set(after.map(key));
    const appeared = after.filter((p) => !had.has(key(p)));
    const vanished = before.filter((p) => !has.has(key(p)));
    expect(appeared.length).to.be.greaterThan(100);
    expect(vanished.length).to.be.greaterThan(100);
    const from = centroid(vanished), to = centroid(appeared);
    // -8 mm in z is straight down the screen in the front view.
    expect(to.y - from.y).to.be.greaterThan(30);
    expect(Math.abs(to.x - from.x)).to.be.lessThan(10);
    await executeServerCommand('studio-screenshot', { name: 'plan-scene-posed', clip: { x: 0, y: 0, width: W, height: H } });

    await click(to.x, to.y);
    expect(s.picks.at(-1)).to.deep.equal({ jaw: 'upper', fdi: 11 });
    await click(from.x, from.y);
    expect(s.picks.at(-1)?.fdi ?? 0).to.not.equal(11);

    scene.setGhost(true);
    await frame(host);
    const ghosted = drawn(host).filter((p) => vanished.some((v) => key(v) === key(p)));
    expect(ghosted.length).to.be.greaterThan(vanished.length * 0.5);
    const g = ghosted.reduce((acc, p) => ({ r: acc.r + p.r, b: acc.b + p.b }), { r: 0, b: 0 });
    expect(g.b).to.be.greaterThan(g.r);

    const n = tinyArch([11, 12, 13, 14]).labels!.length;
    scene.setVertexDistances('upper', new Float32Array(n).fill(-0.5), 'occlusion');
    await frame(host);
    const moved = drawn(host).filter((p) => has.has(key(p)) && !had.has(key(p)));
    const red = moved.filter((p) => p.r > p.g + 60 && p.r > p.b + 60);
    expect(red.length).to.be.greaterThan(moved.length * 0.5);
    await executeServerCommand('studio-screenshot', { name: 'plan-scene-ghost-occlusion', clip: { x: 0, y: 0, width: W, height: H } });
    scene.setVertexDistances('upper', null, 'occlusion');
    await frame(host);
    const plain = drawn(host).filter((p) => has.has(key(p)) && !had.has(key(p)));
    expect(plain.filter((p) => p.r > p.g + 60).length).to.be.lessThan(plain.length * 0.1);

    scene.setToothPoses('upper', null);
    await frame(host);
    expect(host.dataset.posed).to.equal('');
    expect(drawn(host).length).to.be.closeTo(before.length, before.length * 0.05);
  });

  it('held, draws nothing; the tooth meshes built ahead (preparePoses) draw the poses as meshes built on demand do', async () => {
    const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const s = setup();
    ({ scene, host } = s);
    scene.setHold(true);
    scene.setArch('upper', tinyArch([11, 12, 13, 14]));
    scene.preparePoses('upper');
    await twoFrames();
    expect(host.dataset.held).to.equal('true');
    expect(Number(host.dataset.frames ?? 0), 'no frame while held').to.equal(0);
    scene.setToothPoses('upper', new Map([[11, MOVE]]));
    await twoFrames();
    expect(Number(host.dataset.frames ?? 0)).to.equal(0);
    scene.setHold(false);
    await frame(host);
    expect(host.dataset.posed).to.equal('upper');
    const ahead = drawn(host);
    scene.dispose();
    host.remove();

    ({ scene, host } = setup());
    scene.setArch('upper', tinyArch([11, 12, 13, 14]));
    scene.setToothPoses('upper', new Map([[11, MOVE]]));
    await frame(host);
    const onDemand = drawn(host);
    expect(ahead.length).to.be.greaterThan(200);
    expect(ahead.length).to.be.closeTo(onDemand.length, onDemand.length * 0.01);
    expect(centroid(ahead).x).to.be.closeTo(centroid(onDemand).x, 1);
    expect(centroid(ahead).y).to.be.closeTo(centroid(onDemand).y, 1);
  });

  it('made held, sizes its canvas only when released (a new size reallocates the GPU buffers and waits for the GPU)', async () => {
    const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    ({ scene, host } = setup({ held: true }));
    const canvas = host.querySelector('canvas')!;
    const unsized = [canvas.width, canvas.height];
    scene.setArch('upper', tinyArch([11, 12, 13, 14]));
    host.style.width = `${W - 100}px`;
    await twoFrames();
    expect(host.dataset.held).to.equal('true');
    expect([canvas.width, canvas.height], 'the layout settling, held').to.deep.equal(unsized);
    scene.setHold(false);
    await frame(host);
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    expect([canvas.width, canvas.height]).to.deep.equal([Math.floor((W - 100) * ratio), Math.floor(H * ratio)]);
    expect(drawn(host).length).to.be.greaterThan(200);
  });

  it('draws an arch with the shader programs a renderer warmed ahead compiled, and takes that renderer once', async () => {
    const ahead = createViewRendererHeadStart();
    ahead.warm();
    ahead.warm();
    const renderer = ahead.take()!;
    expect(renderer, 'warmed').to.not.equal(null);
    expect(ahead.take(), 'taken once').to.equal(null);
    // This machine's WebGL draws in software: no multisampling there (studio-renderer.ts).
    const gl = renderer.getContext() as WebGL2RenderingContext;
    const name = String(gl.getParameter(gl.getExtension('WEBGL_debug_renderer_info')?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER));
    expect(gl.getContextAttributes()!.antialias, name).to.equal(!isSoftwareRenderer(name));
    const compiled = renderer.info.programs!.length;
    expect(compiled, 'gingiva, enamel and attachments').to.equal(3);
    ({ scene, host } = setup({ renderer }));
    scene.setArch('upper', tinyArch([11, 12, 13, 14]));
    await frame(host);
    expect(drawn(host).length).to.be.greaterThan(200);
    // Were the warm-up's materials or lights to drift from the view's, the view would compile programs of its own.
    expect(renderer.info.programs!.length, 'no program compiled for the arch').to.equal(compiled);
    scene.setToothPoses('upper', new Map([[11, MOVE]]));
    await frame(host);
    expect(renderer.info.programs!.length, 'nor for its posed teeth').to.equal(compiled);
    scene.setAttachments([{ fdi: 11, positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]), indices: new Uint32Array([0, 1, 2]), visible: true }]);
    await frame(host);
    expect(renderer.info.programs!.length, 'nor for an attachment').to.equal(compiled);

    const unused = createViewRendererHeadStart();
    unused.warm();
    unused.dispose();
    expect(unused.take(), 'a disposed head start gives nothing').to.equal(null);
  });

  it('drags the tooth along its mesial axis with the gizmo, without picking or orbiting', async () => {
    const s = setup();
    ({ scene, host } = s);
    scene.setArch('upper', tinyArch([11, 12, 13, 14]));
    scene.setToothPoses('upper', new Map([[11, MOVE]]));
    await frame(host);
    const plain = drawn(host);
    const drags: { pose: Pose; phase: string }[] = [];
    // Tooth 11's centroid, mesial to +x; buccal -y faces the front camera.
    const frame11 = { origin: [-18, -8.5, -1.5], mesial: [1, 0, 0], buccal: [0, -1, 0], occlusal: [0, 0, -1] } as const;
    scene.setGizmo({ fdi: 11, frame: { origin: [...frame11.origin], mesial: [...frame11.mesial], buccal: [...frame11.buccal], occlusal: [...frame11.occlusal] }, finalPose: MOVE, mode: 'translate' },
      (pose, phase) => drags.push({ pose, phase }));
    await frame(host);
    await executeServerCommand('studio-screenshot', { name: 'plan-scene-gizmo', clip: { x: 0, y: 0, width: W, height: H } });
    // The X (mesial) handle is the pure red arrow.
    const red = drawn(host).filter((p) => p.r > 200 && p.g < 60 && p.b < 60).sort((a, b) => a.x - b.x);
    expect(red.length).to.be.greaterThan(20);
    const grab = red[Math.floor(red.length * 0.75)];
    await sendMouse({ type: 'move', position: [Math.round(grab.x), Math.round(grab.y)] });
    await sendMouse({ type: 'down' });
    for (let dx = 10; dx <= 40; dx += 10) await sendMouse({ type: 'move', position: [Math.round(grab.x) + dx, Math.round(grab.y)] });
    await sendMouse({ type: 'up' });
    await frame(host).catch(() => undefined);
    expect(drags.length).to.be.greaterThan(1);
    expect(drags.at(-1)!.phase).to.equal('end');
    expect(drags.slice(0, -1).every((d) => d.phase === 'move')).to.equal(true);
    const end = drags.at(-1)!.pose;
    expect(end.t[0] - MOVE.t[0]).to.be.greaterThan(1);
    expect(end.t[1]).to.be.closeTo(MOVE.t[1], 1e-3);
    expect(end.t[2]).to.be.closeTo(MOVE.t[2], 1e-3);
    expect(Math.abs(end.q[3])).to.be.closeTo(1, 1e-6);
    expect(s.picks).to.deep.equal([]);
    // The camera did not orbit: the arch's other teeth are drawn where they were.
    scene.setGizmo(null);
    await frame(host);
    const now = new Set(drawn(host).map(key));
    const tooth12 = plain.filter((p) => p.x > 210 && p.x < 250);
    expect(tooth12.filter((p) => now.has(key(p))).length).to.be.greaterThan(tooth12.length * 0.95);
  });
});
