// Models for the lab (Plan > Models): what will be made (per arch, the attachment template
// and every aligner), why it cannot be yet (not segmented, not staged, a step over the
// protocol's limits), and making them in workers with a progress bar and a cancel button.
// The zip downloads when done: STL per model, trim lines, attachment chart, manifest.
import { For, Show, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../../context.ts';
import type { Jaw } from '../../../core/types.ts';
import type { PlanSession } from '../../state/plan-types.ts';
import { caseFileLabel, modelInputProblems, modelJobs } from '../../../manufacture/model-jobs.ts';
import type { TrimStyle } from '../../../core/protocol.ts';
import type { ModelArch } from '../../../manufacture/case-models.ts';
import { downloadBytes, errorText } from '../share/download.ts';
import { NumberField } from './NumberField.tsx';

const JAW_NAME: Record<Jaw, string> = { upper: 'Upper', lower: 'Lower' };

export function ModelsPanel(props: {
  plan: PlanSession;
  caseLabel: string;
  /** The models were saved: for an approved case, manufacturing has started. */
  onSaved?(): void;
}): JSX.Element {
  const { services, toasts } = useStudio();
  const plan = props.plan;
  const [from, setFrom] = createSignal(0);
  const [to, setTo] = createSignal<number | null>(null);
  const [progress, setProgress] = createSignal<{ done: number; total: number; file: string } | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [hollow, setHollow] = createSignal(false);
  const [wallMm, setWallMm] = createSignal(2);
  const [drainMm, setDrainMm] = createSignal(4);
  let controller: AbortController | null = null;
  onCleanup(() => controller?.abort(new DOMException('The case was closed.', 'AbortError')));

  const arches = (): ModelArch[] => {
    const parts = plan.parts() ?? {};
    const scans = plan.arches();
    return (['upper', 'lower'] as Jaw[]).flatMap((jaw) => (parts[jaw] && scans[jaw] ? [{ jaw, mesh: scans[jaw]!, parts: parts[jaw]! }] : []));
  };
  const last = () => Math.max(0, (plan.staging()?.stageCount ?? 1) - 1);
  const settings = () => plan.plan().protocol.models;
  const stages = () => {
    const hi = Math.min(to() ?? last(), last());
    return Array.from({ length: Math.max(0, hi - from() + 1) }, (_, i) => from() + i);
  };
  const problems = () => {
    if (plan.state.phase !== 'ready') return ['The plan is still being prepared.'];
    const found = modelInputProblems({ arches: arches(), staging: plan.staging() });
    if (!services.models) found.push('This browser cannot make models (no module workers).');
    return found;
  };
  const jobs = () => {
    const staging = plan.staging();
    return staging ? modelJobs({ arches: arches(), staging, caseLabel: props.caseLabel, stages: stages() }) : [];
  };
  const perArch = () => (['upper', 'lower'] as Jaw[]).map((jaw) => ({ jaw, stages: jobs().filter((j) => j.jaw === jaw).map((j) => j.stage) })).filter((a) => a.stages.length > 0);

  async function make() {
    const staging = plan.staging();
    if (!services.models || !staging || problems().length) return;
    controller = new AbortController();
    setError(null);
    setProgress({ done: 0, total: jobs().length, file: '' });
    try {
      const { zip, manifest } = await services.models.run(
        { caseLabel: props.caseLabel, arches: arches(), plan: plan.plan(), staging, stages: stages(), createdAt: new Date().toISOString(), ...(hollow() ? { hollow: { wallMm: wallMm(), drainMm: drainMm() } } : {}) },
        { signal: controller.signal, onProgress: (p) => setProgress(p) },
      );
      const name = `${caseFileLabel(props.caseLabel)}-models-${new Date().toISOString().slice(0, 10)}.zip`;
      downloadBytes(new Uint8Array(await zip.arrayBuffer()), name, 'application/zip');
      toasts.show({ kind: 'info', message: `Saved ${name}: ${manifest.models.length} models with their trim lines, the attachment chart and a manifest.` });
      props.onSaved?.();
    } catch (e) {
      if (controller.signal.aborted) toasts.show({ kind: 'info', message: 'Making models was cancelled; nothing was saved.' });
      else setError(`The models could not be made: ${errorText(e)} Nothing was saved.`);
    } finally {
      controller = null;
      setProgress(null);
    }
  }

  return (
    <div class="plan-card" data-testid="models-panel">
      <h3 class="plan-sub">Models for the lab</h3>
      <p class="plan-hint">
        One printable model per arch and stage: the attachment template (stage 0) and every aligner, over-correction included.
        Each is a closed STL with the case, arch and stage engraved in its base, and its trim line; one zip with the attachment chart and a manifest.
        Height and trim line are the plan's protocol settings.
      </p>
      <div class="models-settings">
        <label class="protocol-field">
          <span>Model height</span>
          <NumberField testId="models-height" label="Model height, base to cusp tips" value={settings().heightMm} decimals={1} rules={{ min: 10, max: 30 }}
            title="Base to cusp tips; printer makers recommend 13-19 mm for thermoforming (more is used where a gum line lies lower)"
            disabled={progress() !== null} onCommit={(v) => plan.setProtocol({ models: { heightMm: v } })} onError={setError} />
          <span class="unit">mm</span>
        </label>
        <label class="protocol-field models-select">
          <span>Trim line</span>
          <select data-testid="models-trim-style" value={settings().trim.style} disabled={progress() !== null}
            onChange={(e) => plan.setProtocol({ models: { trim: { style: e.currentTarget.value as TrimStyle } } })}>
            <option value="gingival">Along the gum line</option>
            <option value="straight">Straight cut</option>
          </select>
        </label>
        <Show when={settings().trim.style === 'gingival'} fallback={
          <label class="protocol-field">
            <span>Height above the zeniths</span>
            <NumberField testId="models-trim-height" label="Straight cut height above the gingival zeniths" value={settings().trim.heightMm} decimals={1} rules={{ min: 0, max: 6 }}
              disabled={progress() !== null} onCommit={(v) => plan.setProtocol({ models: { trim: { heightMm: v } } })} onError={setError} />
            <span class="unit">mm</span>
          </label>
        }>
          <label class="protocol-field">
            <span>Offset onto the gum</span>
            <NumberField testId="models-trim-offset" label="Trim line offset onto the gum" value={settings().trim.offsetMm} decimals={1} rules={{ min: 0, max: 3 }}
              disabled={progress() !== null} onCommit={(v) => plan.setProtocol({ models: { trim: { offsetMm: v } } })} onError={setError} />
            <span class="unit">mm</span>
          </label>
        </Show>
      </div>
      <div class="models-settings">
        <label class="models-check">
          <input type="checkbox" data-testid="models-hollow" checked={hollow()} disabled={progress() !== null} onChange={(e) => setHollow(e.currentTarget.checked)} />
          <span>Hollow, with drain holes (less resin)</span>
        </label>
        <Show when={hollow()}>
          <label class="protocol-field">
            <span>Wall thickness</span>
            <NumberField testId="models-wall" label="Wall thickness of hollow models" value={wallMm()} decimals={1} rules={{ min: 2, max: 6 }}
              disabled={progress() !== null} onCommit={setWallMm} onError={setError} />
            <span class="unit">mm</span>
          </label>
          <label class="protocol-field">
            <span>Drain holes</span>
            <NumberField testId="models-drain" label="Drain hole diameter" value={drainMm()} decimals={1} rules={{ min: 3.5, max: 8 }}
              disabled={progress() !== null} onCommit={setDrainMm} onError={setError} />
            <span class="unit">mm</span>
          </label>
        </Show>
      </div>
      <div class="models-range">
        <label class="protocol-field">
          <span>From stage</span>
          <NumberField testId="models-from" label="First stage to make" value={from()} decimals={0} rules={{ min: 0, max: last(), integer: true }}
            disabled={progress() !== null} onCommit={(v) => setFrom(v)} onError={setError} />
        </label>
        <label class="protocol-field">
          <span>to</span>
          <NumberField testId="models-to" label="Last stage to make" value={Math.min(to() ?? last(), last())} decimals={0} rules={{ min: 0, max: last(), integer: true }}
            disabled={progress() !== null} onCommit={(v) => setTo(v)} onError={setError} />
        </label>
      </div>
      <Show when={problems().length === 0} fallback={
        <ul class="models-problems" data-testid="models-problems">
          <For each={problems()}>{(p) => <li>{p}</li>}</For>
        </ul>
      }>
        <p data-testid="models-summary">
          <For each={perArch()}>{(a, i) => (
            <>{i() > 0 ? ' · ' : ''}{JAW_NAME[a.jaw]}: {a.stages.length} {a.stages.length === 1 ? 'model' : 'models'} (stage {a.stages[0]}{a.stages.length > 1 ? `–${a.stages[a.stages.length - 1]}` : ''})</>
          )}</For>
        </p>
      </Show>
      <Show when={error()}>{(e) => <p class="field-error" role="alert" data-testid="models-error">{e()}</p>}</Show>
      <Show when={progress()} fallback={
        <button type="button" class="btn primary" data-testid="models-make" disabled={problems().length > 0 || jobs().length === 0} onClick={() => void make()}>
          Make {jobs().length} {jobs().length === 1 ? 'model' : 'models'}
        </button>
      }>
        {(p) => (
          <div class="models-progress" data-testid="models-progress">
            <progress max={p().total} value={p().done} aria-label="Models made" />
            <span role="status">{p().done} of {p().total}{p().file ? `: ${p().file}` : ''}</span>
            <button type="button" class="btn" data-testid="models-cancel" onClick={() => controller?.abort(new DOMException('Cancelled.', 'AbortError'))}>Cancel</button>
          </div>
        )}
      </Show>
    </div>
  );
}
