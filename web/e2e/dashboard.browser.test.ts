// The turnaround dashboard (#16 item 5) in the built studio: a DSO lead's folder of packages
// (the CLI test's, written by the real package writer) dropped on it and chosen as a folder,
// read at 2026-03-06 so every figure is known; the CSV it exports; then this library's own
// cases (two of those packages opened into it), never mixed with the dropped ones.
import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import { dashboard } from '../core/dashboard.ts';
import { dashboardCsv } from '../core/dashboard-csv.ts';
import { DASHBOARD_SCRIPT, DAY, generateCases, T0 } from '../core/fixtures/pipeline-cases.ts';
import { dsoFolder, type FolderFile } from '../exchange/fixtures/dashboard-packages.ts';
import { allByTestId, appFrame, byTestId, choose, click, deleteDatabase, LAPTOP, loadApp, screenshotElement, screenshotPage, uploadFiles, waitFor } from './harness.ts';
import { hostFile, keepDownloads, profileAs } from './review-page.ts';

const LONG = 90_000;
const NOW = T0 + 60 * DAY;
const cases = generateCases(DASHBOARD_SCRIPT, 6016);
const baseName = (path: string) => path.split('/').pop()!;

/** Row `key` of a dashboard table as its cells' text. */
function row(doc: Document, table: string, attr: string, key: string): string[] {
  const tr = byTestId(doc, table)?.querySelector(`tbody tr[data-${attr}="${key}"]`);
  if (!tr) throw new Error(`no row ${key} in ${table}`);
  return [...tr.children].map((c) => (c.textContent ?? '').trim());
}

const statusCounts = (doc: Document) => [...byTestId(doc, 'status-table')!.querySelectorAll('tbody tr')]
  .map((tr) => [tr.getAttribute('data-status'), Number(tr.querySelector('td')!.textContent)]);

/** The files in the studio's realm, as a drop or a chooser hands them over (without their folders). */
function filesOf(doc: Document, files: FolderFile[]): FileList {
  const win = doc.defaultView as Window & typeof globalThis;
  const dt = new win.DataTransfer();
  for (const f of files) dt.items.add(new win.File([f.bytes as Uint8Array<ArrayBuffer>], baseName(f.path)));
  return dt.files;
}

function drop(doc: Document, files: FolderFile[]): void {
  const win = doc.defaultView as Window & typeof globalThis;
  const dt = new win.DataTransfer();
  for (const f of filesOf(doc, files)) dt.items.add(f);
  byTestId(doc, 'dashboard-drop')!.dispatchEvent(new win.DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
}

/** The whole dashboard in one picture: the studio made tall enough that nothing scrolls. */
async function lookAtAll(doc: Document, name: string): Promise<void> {
  const view = byTestId(doc, 'dashboard')!;
  const tall = { width: LAPTOP.width, height: Math.ceil(view.scrollHeight + 60) };
  await setViewport(tall);
  appFrame('studio', tall);
  await new Promise((r) => setTimeout(r, 300));
  const stats = await screenshotElement(name, byTestId(doc, 'dashboard')!);
  expect(stats.distinctColours, `${name} drawn`).to.be.greaterThan(20);
  await setViewport(LAPTOP);
  appFrame('studio', LAPTOP);
}

describe('The turnaround dashboard', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('reads a folder of packages at a chosen date, exports its CSV, and shows this library\'s cases apart', async function () {
    this.timeout(400_000);
    const doc = await loadApp();
    const kept = keepDownloads(appFrame());
    const folder = await dsoFolder(cases);
    const expected = dashboard(cases, NOW);

    const toggle = byTestId<HTMLButtonElement>(doc, 'dashboard-toggle')!;
    expect(toggle.tagName, 'a button, so the keyboard reaches it').to.equal('BUTTON');
    expect(toggle.textContent).to.equal('Dashboard');
    click(toggle, 'Dashboard');
    const empty = await waitFor('the empty library\'s dashboard', () => byTestId(doc, 'dashboard-empty'), LONG);
    expect(empty.textContent).to.contain('No cases in this library yet');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');

    // Every file dropped at once, as from a file manager: the non-package among them is named.
    click(byTestId(doc, 'dashboard-source-packages'), 'Packages');
    await waitFor('the drop zone', () => byTestId(doc, 'dashboard-drop'));
    drop(doc, folder);
    choose(byTestId<HTMLInputElement>(doc, 'dashboard-as-of'), '2026-03-06', 'the As of date', ['change']);
    const source = await waitFor('the packages read', () => byTestId(doc, 'dashboard-source')?.textContent, LONG);
    expect(source).to.equal('7 cases from 8 packages, 3 left out; figures as they stood at the start of ' +
      `${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(NOW)} (UTC).`);
    expect(allByTestId(doc, 'case-row'), 'a dropped package is not added to the library').to.have.length(0);
    const skipped = [...byTestId(doc, 'dashboard-skipped')!.querySelectorAll('li')].map((li) => li.textContent);
    expect(skipped).to.deep.equal([
      'notes.txt is not a plan package (.aligner). It is left out of the figures.',
      'broken.aligner is damaged (the zip is cut short or broken). It is left out of the figures.',
      'sealed.aligner is encrypted: the dashboard reads only unencrypted packages. Open it with its key (Open package) to add the case to this library, or ask whoever sent it for an unencrypted copy.',
    ]);

    expect(statusCounts(doc)).to.deep.equal([['new', 1], ['records-complete', 1], ['planning', 2], ['qa', 0], ['doctor-review', 1],
      ['approved', 1], ['manufacturing', 0], ['in-treatment', 1], ['finished', 0]]);
    expect(byTestId(doc, 'status-table')!.querySelector('tfoot td')!.textContent).to.equal('7');
    expect(row(doc, 'time-table', 'status', 'planning')).to.deep.equal(['Planning', '7', '2.0', '2.4']);
    expect(row(doc, 'turnaround-table', 'name', 'records-to-plan-sent')).to.deep.equal(['Records complete to plan sent', '4', '4.5', '8.5']);
    expect(row(doc, 'turnaround-table', 'name', 'plan-sent-to-approval')).to.deep.equal(['Plan sent to approval', '3', '2.0', '6.8']);
    expect(row(doc, 'clinic-table', 'name', 'North')).to.deep.equal(['North', '3', '3', '5.0', '9.0', '2', '5.0', '7.4']);
    expect(row(doc, 'doctor-table', 'name', 'Dr Baker')).to.deep.equal(['Dr Baker', '2', '1', '5.0', '5.0', '0', '–none', '–none']);
    const waiting = [...byTestId(doc, 'waiting-table')!.querySelectorAll('tbody tr')];
    expect(waiting.map((tr) => tr.getAttribute('data-case-id'))).to.deep.equal(['c3', 'c4', 'c7', 'c6']);
    const top = row(doc, 'waiting-table', 'case-id', 'c3');
    expect([top[0], top[1], top[2], top[3], top[5], top[6]]).to.deep.equal(['Patient 3', 'North', 'Dr Baker', 'Doctor review', '50.0', '63.6%']);
    expect([...byTestId(doc, 'qa-table')!.querySelectorAll('tbody tr')].map((tr) => tr.textContent)).to.deep.equal(['IPR above maximum20', 'Root parallelism11', 'Attachments missing10']);
    const status = byTestId<HTMLCanvasElement>(doc, 'chart-status')!;
    expect([status.tagName, status.getAttribute('role')]).to.deep.equal(['CANVAS', 'img']);
    expect(status.getAttribute('aria-label')).to.equal('Bar chart of cases by status: New 1, Records complete 1, Planning 2, QA 0, Doctor review 1, Approved 1, Manufacturing 0, In treatment 1, Finished 0.');
    for (const id of ['chart-time', 'chart-clinics', 'chart-qa']) expect(byTestId(doc, id)?.getAttribute('role'), id).to.equal('img');

    await screenshotElement('dashboard-packages', byTestId(doc, 'dashboard')!);
    await screenshotPage('dashboard-studio');
    await lookAtAll(doc, 'dashboard-packages-all');

    click(byTestId(doc, 'dashboard-export'), 'Export CSV');
    const csv = await waitFor('the CSV downloaded', () => kept.find((d) => d.name.endsWith('.csv')), LONG);
    expect(csv.name).to.equal('aligner-dashboard-2026-03-06.csv');
    expect(new TextDecoder().decode(csv.bytes)).to.equal(dashboardCsv(expected));

    // The same files chosen as a folder (as the chooser hands them over): there, files that
    // are not packages are passed over. (A real chooser upload cannot pick a folder here.)
    const input = byTestId<HTMLInputElement>(doc, 'dashboard-folder')!;
    expect(input.webkitdirectory, 'the folder chooser picks folders').to.equal(true);
    input.files = filesOf(doc, folder);
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor('the folder read', () => byTestId(doc, 'dashboard-skipped')?.querySelectorAll('li').length === 2, LONG);
    expect(byTestId(doc, 'dashboard-source')!.textContent).to.match(/^7 cases from 8 packages, 2 left out;/);

    // This library: two of the packages opened into it, and read there at the same date.
    await profileAs(doc, 'Lee Lead', 'planner');
    for (const name of ['c1.aligner', 'c6.aligner']) {
      const { path } = await hostFile(name, folder.find((f) => baseName(f.path) === name)!.bytes);
      await uploadFiles('open-package-input', [path]);
      await waitFor(`${name} in the library`, () => allByTestId(doc, 'case-row').some((r) => r.dataset.caseId === name.replace('.aligner', '')), LONG);
    }
    expect(byTestId(doc, 'dashboard'), 'opening a case takes the case area back').to.equal(null);
    click(byTestId(doc, 'dashboard-toggle'), 'Dashboard');
    click(await waitFor('the library source', () => byTestId(doc, 'dashboard-source-library'), LONG), 'This library');
    await waitFor('the library\'s figures', () => byTestId(doc, 'dashboard-source')?.textContent?.startsWith('2 cases in this library'), LONG);
    expect(statusCounts(doc).filter(([, n]) => n)).to.deep.equal([['planning', 1], ['in-treatment', 1]]);
    expect(row(doc, 'waiting-table', 'case-id', 'c6').slice(5)).to.deep.equal(['15.0', '26.1%']);
    expect(byTestId(doc, 'dashboard-drop'), 'no drop zone for the library').to.equal(null);
    for (const close of doc.querySelectorAll<HTMLButtonElement>('.toast-close')) close.click();
    await waitFor('the import toasts dismissed', () => allByTestId(doc, 'toast').length === 0);
    await screenshotElement('dashboard-library', byTestId(doc, 'dashboard')!);

    click(byTestId(doc, 'dashboard-source-packages'), 'Packages');
    expect(byTestId(doc, 'dashboard-source')!.textContent).to.match(/^7 cases from 8 packages/);
  });
});
