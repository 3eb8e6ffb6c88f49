// The dashboard's figures, section by section: each chart has its numbers in a table beside
// or below it, so nothing is only a picture. Days to one decimal, as the CLI prints them.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import type { Dashboard, GroupFigures, Spread } from '../../../core/dashboard.ts';
import { BarChart } from './BarChart.tsx';

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const days = (x: number | null): string => (x === null ? '–' : x.toFixed(1));
export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const listed = (parts: string[]) => parts.join(', ');

/** "4.5 days median, 8.5 at the 90th percentile, over 4 cases" for a chart's summary. */
const spreadWords = (s: Spread): string => (s.count === 0 ? 'no cases yet' : `median ${days(s.medianDays)} days, 90th percentile ${days(s.p90Days)}, over ${s.count}`);

function NoFigure(): JSX.Element {
  return <><span aria-hidden="true">–</span><span class="sr-only">none</span></>;
}

function SpreadCells(props: { s: Spread }): JSX.Element {
  return (
    <>
      <td>{props.s.count}</td>
      <td>{props.s.medianDays === null ? <NoFigure /> : days(props.s.medianDays)}</td>
      <td>{props.s.p90Days === null ? <NoFigure /> : days(props.s.p90Days)}</td>
    </>
  );
}

function StatusSection(props: { d: Dashboard }): JSX.Element {
  return (
    <section class="dash-card" aria-labelledby="dash-status">
      <h3 id="dash-status">Cases by status</h3>
      <div class="dash-pair">
        <BarChart testId="chart-status" unit="cases" height={220} labels={props.d.byStatus.map((s) => s.label)}
          series={[{ label: 'Cases', values: props.d.byStatus.map((s) => s.cases) }]}
          summary={`Bar chart of cases by status: ${listed(props.d.byStatus.map((s) => `${s.label} ${s.cases}`))}.`} />
        <table class="dash-table" data-testid="status-table">
          <thead><tr><th scope="col">Status</th><th scope="col">Cases</th></tr></thead>
          <tbody>
            <For each={props.d.byStatus}>{(s) => <tr data-status={s.status}><th scope="row">{s.label}</th><td>{s.cases}</td></tr>}</For>
          </tbody>
          <tfoot><tr><th scope="row">All cases</th><td>{props.d.cases}</td></tr></tfoot>
        </table>
      </div>
    </section>
  );
}

function TimeSection(props: { d: Dashboard }): JSX.Element {
  return (
    <section class="dash-card" aria-labelledby="dash-time">
      <h3 id="dash-time">Time in each status <span class="dash-note">days, stays that ended</span></h3>
      <div class="dash-pair">
        <BarChart testId="chart-time" unit="days" height={240} labels={props.d.timeInStatus.map((t) => t.label)}
          series={[{ label: 'Median', values: props.d.timeInStatus.map((t) => t.medianDays) }, { label: '90th percentile', values: props.d.timeInStatus.map((t) => t.p90Days) }]}
          summary={`Bar chart of days in each status: ${listed(props.d.timeInStatus.map((t) => `${t.label} ${spreadWords(t)}`))}.`} />
        <table class="dash-table" data-testid="time-table">
          <thead><tr><th scope="col">Status</th><th scope="col">Stays</th><th scope="col">Median</th><th scope="col">90th pct</th></tr></thead>
          <tbody>
            <For each={props.d.timeInStatus}>{(t) => <tr data-status={t.status}><th scope="row">{t.label}</th><SpreadCells s={t} /></tr>}</For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function GroupTable(props: { what: string; groups: GroupFigures[]; testId: string }): JSX.Element {
  return (
    <table class="dash-table" data-testid={props.testId}>
      <caption>By {props.what.toLowerCase()} (days)</caption>
      <thead>
        <tr><th scope="col" rowSpan={2}>{props.what}</th><th scope="col" rowSpan={2}>Cases</th>
          <th scope="colgroup" colSpan={3}>Records complete to plan sent</th><th scope="colgroup" colSpan={3}>Plan sent to approval</th></tr>
        <tr><th scope="col">Cases</th><th scope="col">Median</th><th scope="col">90th pct</th><th scope="col">Cases</th><th scope="col">Median</th><th scope="col">90th pct</th></tr>
      </thead>
      <tbody>
        <For each={props.groups}>{(g) => (
          <tr data-name={g.name}><th scope="row">{g.name}</th><td>{g.cases}</td><SpreadCells s={g.recordsToPlanSent} /><SpreadCells s={g.planSentToApproval} /></tr>
        )}</For>
      </tbody>
    </table>
  );
}

function TurnaroundSection(props: { d: Dashboard }): JSX.Element {
  const clinics = () => props.d.byClinic;
  return (
    <section class="dash-card" aria-labelledby="dash-turnaround">
      <h3 id="dash-turnaround">Turnaround</h3>
      <table class="dash-table" data-testid="turnaround-table">
        <caption>All cases (days)</caption>
        <thead><tr><th scope="col">From, to</th><th scope="col">Cases</th><th scope="col">Median</th><th scope="col">90th pct</th></tr></thead>
        <tbody>
          <tr data-name="records-to-plan-sent"><th scope="row">Records complete to plan sent</th><SpreadCells s={props.d.recordsToPlanSent} /></tr>
          <tr data-name="plan-sent-to-approval"><th scope="row">Plan sent to approval</th><SpreadCells s={props.d.planSentToApproval} /></tr>
        </tbody>
      </table>
      <BarChart testId="chart-clinics" unit="median days" height={200} labels={clinics().map((g) => g.name)}
        series={[{ label: 'Records complete to plan sent', values: clinics().map((g) => g.recordsToPlanSent.medianDays) },
          { label: 'Plan sent to approval', values: clinics().map((g) => g.planSentToApproval.medianDays) }]}
        summary={`Bar chart of median turnaround by clinic: ${listed(clinics().map((g) =>
          `${g.name}, records complete to plan sent ${spreadWords(g.recordsToPlanSent)}; plan sent to approval ${spreadWords(g.planSentToApproval)}`))}.`} />
      <div class="table-wrap"><GroupTable what="Clinic" groups={props.d.byClinic} testId="clinic-table" /></div>
      <div class="table-wrap"><GroupTable what="Doctor" groups={props.d.byDoctor} testId="doctor-table" /></div>
    </section>
  );
}

function WaitingSection(props: { d: Dashboard }): JSX.Element {
  return (
    <section class="dash-card" aria-labelledby="dash-waiting">
      <h3 id="dash-waiting">Waiting longest for an approved plan</h3>
      <p class="dash-note">Estimated dropout risk: about 2% of waiting patients lost per day (1 − 0.98<sup>days</sup>), to rank the list, not to predict a patient.</p>
      <Show when={props.d.waiting.length > 0} fallback={<p class="dash-note">No case is waiting for a plan.</p>}>
        <div class="table-wrap">
          <table class="dash-table waiting" data-testid="waiting-table">
            <thead><tr><th scope="col">Patient</th><th scope="col">Clinic</th><th scope="col">Doctor</th><th scope="col">Status</th>
              <th scope="col">Waiting since</th><th scope="col" class="num">Days</th><th scope="col" class="num">Dropout risk</th></tr></thead>
            <tbody>
              <For each={props.d.waiting}>{(w) => (
                <tr data-case-id={w.id}>
                  <th scope="row">{w.pseudonym || w.id}</th><td>{w.clinic || <NoFigure />}</td><td>{w.doctor || <NoFigure />}</td><td>{w.label}</td>
                  <td><time dateTime={new Date(w.since).toISOString()}>{DATE.format(w.since)}</time></td>
                  <td class="num">{days(w.days)}</td><td class="num" data-risk={w.dropoutRisk}>{percent(w.dropoutRisk)}</td>
                </tr>
              )}</For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}

function QaSection(props: { d: Dashboard }): JSX.Element {
  const qa = () => props.d.qaFailures;
  return (
    <section class="dash-card" aria-labelledby="dash-qa">
      <h3 id="dash-qa">QA failure reasons</h3>
      <Show when={qa().length > 0} fallback={<p class="dash-note">No QA check has failed.</p>}>
        <div class="dash-pair">
          <BarChart testId="chart-qa" unit="failed checks" horizontal height={Math.max(120, 44 + qa().length * 34)} labels={qa().map((q) => q.reason)}
            series={[{ label: 'Failed checks', values: qa().map((q) => q.failures) }, { label: 'Let through', values: qa().map((q) => q.overridden) }]}
            summary={`Bar chart of QA failure reasons: ${listed(qa().map((q) => `${q.reason} ${q.failures} failed, ${q.overridden} let through`))}.`} />
          <table class="dash-table" data-testid="qa-table">
            <thead><tr><th scope="col">Reason</th><th scope="col">Failed</th><th scope="col">Let through</th></tr></thead>
            <tbody>
              <For each={qa()}>{(q) => <tr><th scope="row">{q.reason}</th><td>{q.failures}</td><td>{q.overridden}</td></tr>}</For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}

export function DashboardFigures(props: { d: Dashboard }): JSX.Element {
  return (
    <div class="dash-grid">
      <StatusSection d={props.d} />
      <TimeSection d={props.d} />
      <WaitingSection d={props.d} />
      <TurnaroundSection d={props.d} />
      <QaSection d={props.d} />
    </div>
  );
}
