// Which compute backend runs (the design promises the UI always says so), and the setting
// that forces one. The full reason (adapter name, why WebGPU was skipped) is the tooltip.
import { For } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';
import { ENGINE_OPTIONS, engineLabel, isEngineOption } from '../state/engine-indicator.ts';

export function EngineStatus(): JSX.Element {
  const { engine } = useStudio();
  const s = engine.state;
  const tone = () => (s.error ? 'warn' : !s.status ? '' : s.status.backend === 'webgpu' ? 'ok' : s.status.fellBackFrom || s.status.switched ? 'warn' : 'ok');
  const title = () => s.error ?? s.status?.reason ?? 'The compute engine is starting in the background.';
  return (
    <div class="engine-state" data-testid="engine-state" data-backend={s.status?.backend ?? ''} title={title()}>
      <span class={`dot ${tone()}`} aria-hidden="true" />
      <span data-testid="engine-label">{engineLabel(s)}</span>
      <select
        class="engine-choice"
        data-testid="engine-select"
        aria-label="Compute engine"
        value={s.choice}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isEngineOption(v)) void engine.choose(v);
        }}
      >
        <For each={ENGINE_OPTIONS}>{(o) => <option value={o.id}>{o.label}</option>}</For>
      </select>
    </div>
  );
}
