// The plan view shows what the pipeline derived (issue 10): on the demo case after
// auto-setup, the Findings tab speaks a clinician's words (never an engine's internals), the
// overlap colouring paints the teeth of the deepest collision at its stage, the occlusion map
// paints the final stage (and stage 0 in a side view), and the side column shows its tabs and
// the whole movement table, at a laptop's and a desktop's window size.
import { expect } from 'chai';
import {
  allByTestId, byTestId, choose, click, deleteDatabase, drawnAfter, loadApp, screenshotElement, screenshotPage, waitFor, type AppSize,
} from './harness.ts';
import { engineIdle, LONG, phase, showStage, shownStage, slider } from './plan-page.ts';

/** What an engine's own messages look like: never for a clinician's eyes. */
const PROGRAMMER = /computePoses|loadTeeth|call \w+ first|Error\b|wasm|webgpu/i;

/** A colouring drawn: the engine's colour job done and a frame with its colours on screen. */
async function colouring(doc: Document, mode: 'tooth' | 'overlap' | 'occlusion'): Promise<void> {
  const select = byTestId<HTMLSelectElement>(doc, 'colouring-select');
  if (select?.value === mode) return;
  await drawnAfter(doc, async () => {
    choose(select, mode, 'the colouring select', ['input', 'change']);
    await waitFor(`the ${mode} colouring`, () => byTestId(doc, 'viewport')?.dataset.colouring === mode, LONG);
  });
}

async function view(doc: Document, id: string): Promise<void> {
  await drawnAfter(doc, () => click(byTestId(doc, `view-${id}`), `the ${id} view`));
}

type Region = { left: number; top: number; right: number; bottom: number };

/**
 * Strongly coloured pixels of the viewport's canvas (drawn with preserveDrawingBuffer) in a
 * region of the page, by hue: teeth are ivory and the gum a greyish pink (saturation under
 * 0.5), so saturated pixels are a colour map's. `hues` are degree ranges.
 */
function saturatedPixels(doc: Document, hues: [number, number][], region?: Region): number {
  const canvas = doc.querySelector<HTMLCanvasElement>('canvas.viewport-canvas')!;
  const box = canvas.getBoundingClientRect();
  const copy = doc.createElement('canvas');
  [copy.width, copy.height] = [canvas.width, canvas.height];
  const ctx = copy.getContext('2d')!;
  ctx.drawImage(canvas, 0, 0);
  const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
  const scale = canvas.width / box.width;
  const r = region ?? { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
  const x0 = Math.max(0, Math.floor((r.left - box.left) * scale)), x1 = Math.min(copy.width, Math.ceil((r.right - box.left) * scale));
  const y0 = Math.max(0, Math.floor((r.top - box.top) * scale)), y1 = Math.min(copy.height, Math.ceil((r.bottom - box.top) * scale));
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * copy.width + x) * 4;
      if (data[i + 3] < 200) continue;
      const [rr, gg, bb] = [data[i] / 255, data[i + 1] / 255, data[i + 2] / 255];
      const max = Math.max(rr, gg, bb), min = Math.min(rr, gg, bb);
      if (max < 0.15 || (max - min) / max < 0.55) continue;
      const d = max - min;
      let h = max === rr ? ((gg - bb) / d) % 6 : max === gg ? (bb - rr) / d + 2 : (rr - gg) / d + 4;
      h = (h * 60 + 360) % 360;
      if (hues.some(([a, b]) => (a <= b ? h >= a && h <= b : h >= a || h <= b))) n++;
    }
  }
  return n;
}

/** Red to amber: the overlap colouring's hues. */
const OVERLAP_HUES: [number, number][] = [[340, 50]];
/** Every hue: the occlusion map runs from red through yellow and green to blue. */
const ANY_HUE: [number, number][] = [[0, 360]];

/** Around a tooth's number label: the crown is just lingual of it. */
function around(doc: Document, fdi: number, px = 90): Region {
  const label = allByTestId(doc, 'tooth-label').find((l) => l.dataset.fdi === String(fdi));
  if (!label) throw new Error(`no label for tooth ${fdi}`);
  const r = label.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  return { left: x - px, top: y - px, right: x + px, bottom: y + px };
}

/**
 * At least `min` more coloured pixels than `plain`: read until they are there, since the
 * colours land a frame after the colouring shows in the DOM; fails with the last count.
 */
async function expectPixels(what: string, count: () => number, plain: number, min: number): Promise<number> {
  let last = 0;
  await waitFor(what, () => (last = count()) - plain > min, 15_000).catch(() => undefined);
  expect(last - plain, `${what}: ${plain} coloured pixels without the map, ${last} with it`).to.be.greaterThan(min);
  return last;
}

interface Collision { a: number; b: number; depth: number; stage: number }

function collisionsShown(doc: Document): Collision[] {
  return allByTestId(doc, 'collision-item').map((c) => ({ a: Number(c.dataset.a), b: Number(c.dataset.b), depth: Number(c.dataset.depth), stage: shownStage(doc) }));
}

/** The side column's content fits it: nothing cut off at its right edge. */
function fitsPanel(doc: Document, el: Element, what: string): void {
  const panel = byTestId(doc, 'plan-panel')!.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  expect(r.width, `${what} is drawn`).to.be.greaterThan(0);
  expect(r.left, `${what} starts inside the side column`).to.be.at.least(panel.left - 0.5);
  expect(r.right, `${what} ends inside the side column`).to.be.at.most(panel.right + 0.5);
}

const SIZES: AppSize[] = [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }];

describe('The plan view shows what the pipeline derived', () => {
  for (const size of SIZES) {
    it(`at ${size.width}x${size.height}: findings in words, colour maps on the teeth, the whole movement table`, async function () {
      // Auto-setup, then every stage read and three colour maps drawn on the software renderer.
      this.timeout(480_000);
      const tag = `${size.width}x${size.height}`;
      await deleteDatabase('aligner-studio');
      const doc = await loadApp('studio', size);
      click(byTestId(doc, 'open-demo'), 'Open the demo case');
      await waitFor('both demo arches in the viewport', () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === 'upper,lower', LONG);
      click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
      await waitFor('the plan to be ready', () => phase(doc) === 'ready', LONG);

      // The Findings tab before any plan: the scanned teeth's overlaps, no engine message.
      click(byTestId(doc, 'plan-tab-findings'), 'Findings section');
      await engineIdle(doc);
      expect(byTestId(doc, 'engine-error'), 'no engine failure on opening').to.equal(null);
      expect(byTestId(doc, 'collision-list'), 'the stage 0 findings listed').not.to.equal(null);

      click(byTestId(doc, 'plan-tab-setup'), 'Setup section');
      click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
      await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
      await engineIdle(doc);
      const last = Number(slider(doc)!.max);

      // The side column's tabs read whole, and the movement table shows every column without scrolling sideways.
      for (const tab of ['setup', 'staging', 'findings', 'versions']) {
        const el = byTestId(doc, `plan-tab-${tab}`)!;
        expect(el.scrollWidth, `the ${tab} tab's label is not cut off`).to.be.at.most(el.clientWidth + 1);
        fitsPanel(doc, el, `the ${tab} tab`);
      }
      const table = await waitFor('the movement table', () => byTestId(doc, 'movement-table'), LONG);
      const heads = [...table.querySelectorAll('thead th')];
      expect(heads.map((h) => h.textContent?.trim())).to.have.length(8);
      for (const h of heads) fitsPanel(doc, h, `the "${h.textContent?.trim()}" column`);
      const scroller = table.parentElement!;
      expect(scroller.scrollWidth, 'the movement table needs no sideways scrolling').to.be.at.most(scroller.clientWidth + 1);
      table.scrollIntoView({ block: 'end' });
      await screenshotElement(`plan-view-${tag}-movements`, table);

      // Findings: the collisions of each stage, in words; the deepest one found.
      click(byTestId(doc, 'plan-tab-findings'), 'Findings section');
      let deepest: Collision | null = null;
      for (let s = 0; s <= last; s++) {
        await showStage(doc, s);
        const text = byTestId(doc, 'findings-panel')!.textContent ?? '';
        expect(byTestId(doc, 'engine-error'), `no engine failure at stage ${s}: ${text.slice(0, 200)}`).to.equal(null);
        expect(text).not.to.match(PROGRAMMER);
        for (const c of collisionsShown(doc)) if (!deepest || c.depth > deepest.depth) deepest = c;
      }
      if (!deepest) throw new Error('the demo plan has no collision at any stage');
      const worst: Collision = deepest;

      // Overlap colouring at that stage: red/amber on the two teeth, where the tooth colouring has none.
      await showStage(doc, worst.stage);
      const lowerPair = worst.a > 30;
      await view(doc, lowerPair ? 'occlusal-lower' : 'occlusal-upper');
      await colouring(doc, 'tooth');
      const plain = saturatedPixels(doc, OVERLAP_HUES, around(doc, worst.a));
      await colouring(doc, 'overlap');
      await screenshotPage(`plan-view-${tag}-overlap`);
      await expectPixels(`overlap colour on ${worst.a}-${worst.b} at stage ${worst.stage}`,
        () => saturatedPixels(doc, OVERLAP_HUES, around(doc, worst.a)), plain, 40);

      // The occlusion map at the final stage, front view, and at stage 0 in the left view.
      await colouring(doc, 'tooth');
      await view(doc, 'front');
      await drawnAfter(doc, () => showStage(doc, last));
      const plainFinal = saturatedPixels(doc, ANY_HUE);
      await colouring(doc, 'occlusion');
      await screenshotPage(`plan-view-${tag}-occlusion-final`);
      await expectPixels('occlusion colours at the final stage', () => saturatedPixels(doc, ANY_HUE), plainFinal, 150);
      await showStage(doc, 0);
      await view(doc, 'left');
      await colouring(doc, 'tooth');
      const plainStart = saturatedPixels(doc, ANY_HUE);
      await colouring(doc, 'occlusion');
      await screenshotPage(`plan-view-${tag}-occlusion-start-left`);
      await expectPixels('occlusion colours at stage 0 in the left view', () => saturatedPixels(doc, ANY_HUE), plainStart, 200);
    });
  }
});
