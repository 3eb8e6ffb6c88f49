// Models for the lab as a planner makes them (issue 14, items 5 and 6): on the demo case after
// auto-setup, Plan > Models lists what will be made, makes the chosen stages in workers with a
// progress bar, and downloads one zip whose STLs are closed solids, with trim lines, the
// attachment chart and a manifest; a second run is cancelled and saves nothing; the trim
// line is drawn in the viewport.
import { expect } from 'chai';
import { unzipSync, strFromU8 } from 'fflate';
import { appFrame, byTestId, choose, click, deleteDatabase, loadApp, screenshotElement, waitFor } from './harness.ts';
import { engineIdle, LONG, phase, slider } from './plan-page.ts';
import { keepDownloads } from './review-page.ts';
import { readBinaryStl } from '../manufacture/stl.ts';
import { weldSoup } from '../geometry/weld.ts';
import { checkClosedSolid } from '../manufacture/mesh-check.ts';

describe('Models for the lab', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('makes the chosen stages of the demo case into one zip of closed models, and a cancelled run saves nothing', async function () {
    this.timeout(600_000);
    const doc = await loadApp();
    const kept = keepDownloads(appFrame());
    click(byTestId(doc, 'open-demo'), 'Open the demo case');
    click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
    await waitFor('the plan to be ready', () => phase(doc) === 'ready' || byTestId(doc, 'plan-panel')?.dataset.phase === 'ready', LONG);
    click(await waitFor('the Models section', () => byTestId(doc, 'plan-tab-models'), LONG), 'Models section');
    const before = await waitFor('why there are no models yet', () => byTestId(doc, 'models-problems'), LONG);
    expect(before.textContent).to.contain('no staged plan: run auto-setup');

    click(byTestId(doc, 'plan-tab-setup'), 'Setup section');
    click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
    await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
    await engineIdle(doc);

    click(byTestId(doc, 'plan-tab-models'), 'Models section');
    const summary = await waitFor('what will be made', () => byTestId(doc, 'models-summary'), LONG);
    expect(summary.textContent).to.match(/^Upper: \d+ models \(stage 0–\d+\) · Lower: \d+ models \(stage 0–\d+\)$/);
    // The protocol's model settings, changed here: 16 mm tall, trimmed 1 mm onto the gum.
    choose(byTestId<HTMLInputElement>(doc, 'models-height')!, '16', 'model height 16 mm');
    await waitFor('the height kept', () => byTestId<HTMLInputElement>(doc, 'models-height')?.value === '16', LONG);
    choose(byTestId<HTMLInputElement>(doc, 'models-trim-offset')!, '1', 'trim 1 mm onto the gum');
    await waitFor('the offset kept', () => byTestId<HTMLInputElement>(doc, 'models-trim-offset')?.value === '1', LONG);
    // Hollow, 2 mm walls, 4 mm drain holes (the defaults).
    click(byTestId(doc, 'models-hollow'), 'Hollow');
    await waitFor('the wall field', () => byTestId(doc, 'models-wall'), LONG);
    choose(byTestId<HTMLInputElement>(doc, 'models-to')!, '1', 'last stage 1');
    await waitFor('stages 0-1 of both arches', () => byTestId(doc, 'models-summary')?.textContent === 'Upper: 2 models (stage 0–1) · Lower: 2 models (stage 0–1)', LONG);
    // The lab takes models of an approved plan: the case moves on to manufacturing by itself.
    choose(byTestId<HTMLSelectElement>(doc, 'case-status'), 'approved', 'the case status');
    choose(await waitFor('the reason field', () => byTestId<HTMLInputElement>(doc, 'status-reason')), 'approved by phone, signature to follow', 'the reason', ['input']);
    click(byTestId(doc, 'status-move-confirm'), 'Move');
    await waitFor('the case approved', () => {
      const problem = byTestId(doc, 'status-problem');
      if (problem) throw new Error(`the move was refused: ${problem.textContent}`);
      return byTestId<HTMLSelectElement>(doc, 'case-status')?.value === 'approved' && !byTestId(doc, 'status-move');
    }, LONG);
    const make = byTestId<HTMLButtonElement>(doc, 'models-make')!;
    expect(make.textContent?.trim()).to.equal('Make 4 models');
    click(make, 'Make 4 models');
    const bar = await waitFor('the progress bar', () => byTestId(doc, 'models-progress'), LONG);
    await waitFor('a model made', () => Number(bar.querySelector('progress')?.value ?? 0) >= 1, LONG);
    await screenshotElement('models-progress', byTestId(doc, 'models-panel')!);
    const zip = await waitFor('the zip downloaded', () => kept.find((d) => d.name.endsWith('.zip')), 300_000);
    expect(zip.name).to.match(/^DEMO-[A-Z0-9-]*-models-\d{4}-\d{2}-\d{2}\.zip$/);
    await waitFor('the case in manufacturing', () => byTestId<HTMLSelectElement>(doc, 'case-status')?.value === 'manufacturing', LONG);
    const files = unzipSync(zip.bytes);
    const manifest = JSON.parse(strFromU8(files['manifest.json'])) as { modelHeightMm: number; trim: { style: string; offsetMm: number }; models: { file: string; stage: number; arch: string; triangles: number; heightMm: number }[] };
    expect(manifest.modelHeightMm).to.equal(16);
    expect(manifest.trim).to.include({ style: 'gingival', offsetMm: 1 });
    expect((manifest as unknown as { hollow: unknown }).hollow).to.deep.equal({ wallMm: 2, drainMm: 4 });
    for (const m of manifest.models) expect(m.heightMm, m.file).to.be.at.least(16);
    expect(manifest.models.map((m) => `${m.arch} ${m.stage}`)).to.deep.equal(['upper 0', 'upper 1', 'lower 0', 'lower 1']);
    for (const m of manifest.models) {
      const check = checkClosedSolid(weldSoup(readBinaryStl(files[m.file]).positions));
      expect(check.problem, m.file).to.equal('');
      expect(check.triangles, m.file).to.equal(m.triangles);
      expect(files[m.file.replace(/\.stl$/, '.trim.xyz')], `${m.file}'s trim line`).to.not.equal(undefined);
    }
    expect(strFromU8(files['attachments.csv']).split('\r\n')[0]).to.equal('tooth,shape,surface,width_mm,height_mm,depth_mm,stage_placed,stage_removed,reason');
    await waitFor('the panel back to its button', () => byTestId(doc, 'models-make'), LONG);
    await screenshotElement('models-panel', byTestId(doc, 'models-panel')!);

    // All stages, cancelled at the first model: nothing more is downloaded.
    choose(byTestId<HTMLInputElement>(doc, 'models-to')!, String(Number(slider(doc)!.max)), 'last stage');
    click(await waitFor('the make button', () => byTestId(doc, 'models-make'), LONG), 'Make all');
    const running = await waitFor('the progress bar', () => byTestId(doc, 'models-progress'), LONG);
    await waitFor('a model made', () => Number(running.querySelector('progress')?.value ?? 0) >= 1, 300_000);
    click(byTestId(doc, 'models-cancel'), 'Cancel');
    await waitFor('the panel back to its button', () => byTestId(doc, 'models-make'), LONG);
    expect(kept.filter((d) => d.name.endsWith('.zip'))).to.have.length(1);

    // The trim line drawn in the viewport (with the 1 mm offset set above), for the stage on screen.
    const viewport = byTestId(doc, 'viewport')!;
    expect(viewport.dataset.trimLines ?? '').to.equal('');
    click(byTestId(doc, 'trim-line-toggle'), 'Trim line');
    await waitFor('the trim lines of both arches drawn', () => viewport.dataset.trimLines === 'upper,lower', 300_000);
    expect(byTestId(doc, 'trim-line-status'), 'no message once drawn').to.equal(null);
    click(byTestId(doc, 'view-front'), 'Front view');
    await screenshotElement('models-trim-line', viewport);
    click(byTestId(doc, 'trim-line-toggle'), 'Trim line off');
    await waitFor('the trim lines gone', () => viewport.dataset.trimLines === '', LONG);
    await engineIdle(doc);
  });
});
