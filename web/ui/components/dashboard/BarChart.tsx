// A bar chart drawn by Chart.js, with only the parts it uses registered (the rest of the
// library stays out of the bundle). The canvas is an image to a screen reader, summarised by
// `summary`; the numbers themselves are always in a table beside it. No animation: the figures
// are read, not watched, and a screenshot shows the finished chart.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { createEffect, onCleanup, onMount } from 'solid-js';
import type { JSX } from 'solid-js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BarSeries { label: string; values: (number | null)[] }

/** Series colours, as the dashboard's CSS variables set them (contrast at least 3:1 on white). */
const SERIES_VARS = ['--chart-1', '--chart-2'];

export function BarChart(props: {
  labels: string[];
  series: BarSeries[];
  summary: string;
  /** Bars along the vertical axis: long labels (QA reasons) read without slanting. */
  horizontal?: boolean;
  /** Axis title of the values. */
  unit: string;
  height: number;
  testId?: string;
}): JSX.Element {
  let canvas!: HTMLCanvasElement;
  let chart: Chart<'bar'> | undefined;

  onMount(() => {
    const style = getComputedStyle(canvas);
    const css = (name: string) => style.getPropertyValue(name).trim();
    const ink = css('--ink-soft') || '#52606d';
    const line = css('--line') || '#dde3e8';
    const valueAxis = { beginAtZero: true, grid: { color: line }, ticks: { color: ink, precision: 0 }, title: { display: true, text: props.unit, color: ink } };
    const labelAxis = { grid: { display: false }, ticks: { color: ink, autoSkip: false } };
    chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: props.horizontal ? 'y' : 'x',
        font: { size: 12 },
        plugins: {
          legend: { display: props.series.length > 1, labels: { color: ink, boxWidth: 12 } },
          tooltip: { enabled: true },
        },
        scales: props.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      },
    });
    createEffect(() => {
      if (!chart) return;
      chart.data.labels = [...props.labels];
      chart.data.datasets = props.series.map((s, i) => ({
        label: s.label, data: [...s.values], backgroundColor: css(SERIES_VARS[i % SERIES_VARS.length]) || '#0f766e', borderRadius: 3, maxBarThickness: 36,
      }));
      chart.update();
    });
  });
  onCleanup(() => {
    chart?.destroy();
    chart = undefined;
  });

  return (
    <div class="dash-chart" style={{ height: `${props.height}px` }}>
      <canvas ref={canvas} role="img" aria-label={props.summary} data-testid={props.testId} />
    </div>
  );
}
