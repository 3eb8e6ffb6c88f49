// The treatment report as a planner downloads it (issue 15): the demo case after auto-setup,
// Report (PDF) on US Letter from the case header, made in the report worker; the PDF is read
// back (its pages, their size, their text) and its cover, IPR page and movement table are
// drawn by pdf.js into pictures to look at; Tables (CSV) gives the three CSVs in one zip.
import { expect } from 'chai';
import { unzipSync, strFromU8 } from 'fflate';
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import { appFrame, byTestId, choose, click, deleteDatabase, loadApp, screenshotElement, waitFor } from './harness.ts';
import { engineIdle, LONG, slider } from './plan-page.ts';
import { keepDownloads } from './review-page.ts';

GlobalWorkerOptions.workerSrc = '/node_modules/pdfjs-dist/build/pdf.worker.mjs';

/** Draws page `n` of the PDF into a canvas on the test page and screenshots it. */
async function lookAt(pdf: Awaited<ReturnType<typeof getDocument>['promise']>, n: number, name: string): Promise<void> {
  const page = await pdf.getPage(n);
  const viewport = page.getViewport({ scale: 1.2 });
  const canvas = document.createElement('canvas');
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  canvas.style.cssText = 'position:fixed;left:0;top:0;z-index:100000;background:white';
  document.body.appendChild(canvas);
  try {
    await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
    const stats = await screenshotElement(name, canvas);
    expect(stats.distinctColours, `${name} drawn`).to.be.greaterThan(20);
  } finally {
    canvas.remove();
  }
}

describe('The treatment report', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('downloads the demo case\'s report on US Letter, with its tables as CSV', async function () {
    this.timeout(600_000);
    const doc = await loadApp();
    const kept = keepDownloads(appFrame());
    click(byTestId(doc, 'open-demo'), 'Open the demo case');
    click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
    click(await waitFor('the auto-setup button', () => byTestId(doc, 'auto-setup'), LONG), 'Auto-setup');
    await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
    await engineIdle(doc);

    const buttons = await waitFor('the report buttons', () => byTestId(doc, 'report-buttons'), LONG);
    choose(byTestId<HTMLSelectElement>(doc, 'report-paper')!, 'letter', 'US Letter');
    const pdfButton = await waitFor('Report (PDF) enabled', () => { const b = byTestId<HTMLButtonElement>(doc, 'report-pdf'); return b && !b.disabled ? b : null; }, LONG);
    await screenshotElement('report-buttons', buttons.closest('.case-details') ?? buttons);
    click(pdfButton, 'Report (PDF)');
    const file = await waitFor('the PDF downloaded', () => kept.find((d) => d.name.endsWith('.pdf')), 300_000);
    expect(byTestId(doc, 'report-problem'), 'no problem shown').to.equal(null);
    expect(file.name).to.match(/^Demo-[\w.-]+_plan-report_\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(strFromU8(file.bytes.subarray(0, 5))).to.equal('%PDF-');

    const pdf = await getDocument({ data: file.bytes.slice() }).promise;
    expect(pdf.numPages).to.be.at.least(5);
    const texts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const [, , w, h] = page.view;
      expect([Math.round(w), Math.round(h)], `page ${n} is Letter`).to.deep.equal([612, 792]);
      texts.push((await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' '));
    }
    expect(texts[0]).to.contain('Treatment plan report');
    expect(texts[0]).to.contain('Not approved');
    const ipr = texts.findIndex((t) => t.includes('Interproximal reduction'));
    const movements = texts.findIndex((t) => t.includes('Tooth movements'));
    expect(ipr, 'an IPR page').to.be.greaterThan(0);
    expect(movements, 'a movement table').to.be.greaterThan(0);
    expect(texts[movements + 1], 'the movement table runs on with its header').to.contain('Rotation (deg)');
    texts.forEach((t, k) => expect(t, `page ${k + 1}`).to.contain(`Page ${k + 1} of ${pdf.numPages}`));
    await lookAt(pdf, 1, 'report-cover');
    await lookAt(pdf, movements + 1, 'report-movements');
    await lookAt(pdf, movements + 2, 'report-movements-continued');
    await lookAt(pdf, ipr + 1, 'report-ipr');
    await pdf.destroy();

    click(await waitFor('Tables (CSV) enabled', () => { const b = byTestId<HTMLButtonElement>(doc, 'report-csv'); return b && !b.disabled ? b : null; }, LONG), 'Tables (CSV)');
    const zip = await waitFor('the CSVs downloaded', () => kept.find((d) => d.name.endsWith('.csv.zip')), 300_000);
    const files = unzipSync(zip.bytes);
    expect(Object.keys(files).sort()).to.deep.equal(['attachments.csv', 'ipr.csv', 'movements.csv']);
    expect(strFromU8(files['ipr.csv']).split('\r\n')[0]).to.equal('tooth_a,tooth_b,amount_mm,after_aligner,before_aligner');
  });
});
