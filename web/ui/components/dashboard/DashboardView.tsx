// The turnaround dashboard (#16) in the case area: this library's cases, or packages dropped
// or chosen (files or a whole folder), with the date the figures stand at and the CSV export.
// The library's figures follow its changes while shown.
import { For, Match, Show, Switch, createEffect, createMemo, on } from 'solid-js';
import type { JSX } from 'solid-js';
import { dashboardCsv } from '../../../core/dashboard-csv.ts';
import { PACKAGE_EXTENSION } from '../../../exchange/package-types.ts';
import { useStudio } from '../../context.ts';
import type { DashboardSource } from '../../state/dashboard.ts';
import { downloadBytes } from '../share/download.ts';
import { DashboardFigures } from './DashboardFigures.tsx';
import { chosenFiles, droppedFiles } from './dropped-files.ts';
import './dashboard.css';

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DAY_UTC = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const SOURCES: { id: DashboardSource; label: string }[] = [{ id: 'library', label: 'This library' }, { id: 'packages', label: 'Packages' }];

export function DashboardView(): JSX.Element {
  const { dashboard: dash, library } = useStudio();
  const figures = createMemo(() => dash.figures());
  const slot = () => dash.state[dash.state.source];

  createEffect(on(() => library.state.cases.map((c) => `${c.id}:${c.updatedAt}`).join(), () => {
    if (dash.state.source === 'library') void dash.loadLibrary();
  }, { defer: true }));

  function exportCsv() {
    const d = figures();
    if (d) downloadBytes(new TextEncoder().encode(dashboardCsv(d)), `aligner-dashboard-${isoDay(d.at)}.csv`, 'text/csv');
  }

  const source = () => {
    const s = slot();
    if (!s.data) return '';
    const from = dash.state.source === 'library' ? `${plural(s.data.read, 'case')} in this library` : `${plural(s.data.cases.length, 'case')} from ${plural(s.data.read, 'package')}`;
    const left = s.data.skipped.length ? `, ${s.data.skipped.length} left out` : '';
    const at = dash.state.asOf === null ? `as of now (${WHEN.format(figures()?.at ?? Date.now())})` : `as they stood at the start of ${DAY_UTC.format(dash.state.asOf)} (UTC)`;
    return `${from}${left}; figures ${at}.`;
  };

  return (
    <section class="dashboard" aria-labelledby="dashboard-title" data-testid="dashboard">
      <div class="dash-head">
        <h2 id="dashboard-title">Turnaround dashboard</h2>
        <div class="segmented dash-sources" role="group" aria-label="Cases from">
          <For each={SOURCES}>{(s) => (
            <button type="button" class="seg-btn" classList={{ active: dash.state.source === s.id }} aria-pressed={dash.state.source === s.id ? 'true' : 'false'} data-testid={`dashboard-source-${s.id}`}
              onClick={() => dash.show(s.id)}>{s.label}</button>
          )}</For>
        </div>
        <label class="dash-asof">As of
          <input type="date" data-testid="dashboard-as-of" value={dash.state.asOf === null ? '' : isoDay(dash.state.asOf)}
            title="The figures as they stood at the start of this day (UTC); leave empty for now"
            onChange={(e) => { const at = Date.parse(e.currentTarget.value); dash.setAsOf(Number.isFinite(at) ? at : null); }} />
        </label>
        <button type="button" class="btn" data-testid="dashboard-export" disabled={!figures()} onClick={exportCsv}>Export CSV</button>
        <button type="button" class="btn ghost" data-testid="dashboard-close" onClick={() => dash.hide()}>Close</button>
      </div>
      <Show when={dash.state.source === 'packages'}><PackagePicker compact={!!slot().data} /></Show>
      <Show when={slot().loading}>
        {(l) => <p class="dash-progress" role="status">{l().total ? `Reading packages: ${l().done} of ${l().total}…` : 'Reading the library…'}</p>}
      </Show>
      <Show when={slot().error}>{(e) => <p class="inline-error" role="alert" data-testid="dashboard-error">{e()}</p>}</Show>
      <Show when={slot().data?.skipped.length}>
        <div class="dash-skipped" role="note" data-testid="dashboard-skipped">
          <h3>Left out of the figures</h3>
          <ul><For each={slot().data?.skipped}>{(s) => <li data-file={s.file}>{s.message}</li>}</For></ul>
        </div>
      </Show>
      <Switch>
        <Match when={figures()}>
          {(d) => <><p class="dash-source" data-testid="dashboard-source">{source()}</p><DashboardFigures d={d()} /></>}
        </Match>
        <Match when={dash.state.source === 'library' && slot().data?.cases.length === 0}>
          <div class="dash-empty" data-testid="dashboard-empty">
            <h3>No cases in this library yet</h3>
            <p>Start a case or open a plan package, and its figures appear here. To see the clinics' cases, choose Packages and drop the packages they sent.</p>
          </div>
        </Match>
      </Switch>
    </section>
  );
}

/** Where packages are dropped or chosen: a big target until some are read, then a slim bar. */
function PackagePicker(props: { compact: boolean }): JSX.Element {
  const { dashboard: dash } = useStudio();
  const take = (list: HTMLInputElement, folder: boolean) => {
    const files = chosenFiles(list.files);
    list.value = '';
    if (files.length) void dash.loadPackages(files, { folder });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (e.dataTransfer) void droppedFiles(e.dataTransfer).then(({ files, folder }) => dash.loadPackages(files, { folder }));
  };
  return (
    <div class="dash-drop" classList={{ compact: props.compact }} data-takes-packages data-testid="dashboard-drop"
      onDragOver={(e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; }} onDrop={onDrop}>
      <p>
        <strong>Drop plan packages ({PACKAGE_EXTENSION}) or a folder of them here</strong>
        <Show when={!props.compact}>
          <span class="dash-note"> The packages every clinic sent: each case counts once, however many copies. Encrypted packages are left out. Nothing is added to this library.</span>
        </Show>
      </p>
      <div class="dash-drop-actions">
        <label class="btn file-btn">Choose packages
          <input type="file" multiple accept={`${PACKAGE_EXTENSION},application/octet-stream`} data-testid="dashboard-files" onChange={(e) => take(e.currentTarget, false)} />
        </label>
        <label class="btn file-btn">Choose a folder
          <input type="file" multiple ref={(el) => { el.webkitdirectory = true; }} data-testid="dashboard-folder" onChange={(e) => take(e.currentTarget, true)} />
        </label>
      </div>
    </div>
  );
}
