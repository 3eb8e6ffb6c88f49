// The setup editor: pick a tooth, then move it in its own frame by typed values, -/+ steps
// or arrow keys on a focused value. Auto-setup and the movement table sit below.
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { archOrder } from '../../../core/fdi.ts';
import type { ToothMovement } from '../../../core/pose.ts';
import type { Jaw } from '../../../core/types.ts';
import type { PlanSession } from '../../state/plan-types.ts';
import { MOVEMENT_FIELDS, signHint, unitText, type MovementField } from './plan-fields.ts';
import { NumberField } from './NumberField.tsx';
import { AutoSetupCard } from './AutoSetupCard.tsx';
import { MovementTable } from './MovementTable.tsx';
import { useToothLabel } from './tooth-label.ts';
import { createRoving } from '../roving.ts';
import { toothName } from '../../numbering.ts';

const SIGN_TITLE = 'Signs: + = mesial, buccal, extrusion, mesial crown tip, buccal crown torque, mesial-in rotation';

export function SetupPanel(props: { plan: PlanSession }): JSX.Element {
  const plan = props.plan;
  const label = useToothLabel();
  const [error, setError] = createSignal<string | null>(null);
  const present = () => new Set(plan.teeth().map((t) => t.fdi));
  const moved = () => new Set(plan.plan().targets.map((t) => t.fdi));
  const chips = (jaw: Jaw) => archOrder(jaw).filter((f) => present().has(f));
  // One Tab stop for all the teeth: arrows move along and between the arches.
  const roving = createRoving(() => [chips('upper'), chips('lower')], () => plan.state.selected, { flow: true });

  const setComponent = (key: keyof ToothMovement, value: number) => {
    const fdi = plan.state.selected;
    const m = plan.selectedMovement();
    if (fdi === null || !m) return;
    plan.setMovement(fdi, { ...m, [key]: value });
  };
  const nudge = (key: keyof ToothMovement, dir: 1 | -1) => {
    const fdi = plan.state.selected;
    if (fdi !== null) plan.nudge(fdi, key, dir);
  };

  return (
    <div class="plan-section" data-testid="setup-panel">
      <div class="tooth-chips" role="listbox" aria-label="Teeth: arrow keys move, Enter or Space selects" data-testid="tooth-chips">
        <For each={['upper', 'lower'] as const}>
          {(jaw) => (
            <Show when={chips(jaw).length > 0}>
              <div class="chip-row" data-jaw={jaw} role="group" aria-label={jaw === 'upper' ? 'Upper arch' : 'Lower arch'}>
                <For each={chips(jaw)}>
                  {(fdi) => (
                    <button type="button" class="tooth-chip" role="option" data-testid="setup-tooth" data-fdi={fdi}
                      classList={{ selected: plan.state.selected === fdi, moved: moved().has(fdi) }}
                      aria-selected={plan.state.selected === fdi} aria-label={`${label(fdi)}, ${toothName(fdi)}`}
                      tabIndex={roving.tabIndex(fdi)} ref={roving.ref(fdi)} onFocus={() => roving.onFocus(fdi)}
                      onKeyDown={(e) => roving.onKeyDown(e, fdi)} onClick={() => plan.select(fdi)}>{label(fdi)}</button>
                  )}
                </For>
              </div>
            </Show>
          )}
        </For>
      </div>

      <Show when={plan.state.selected !== null && plan.selectedMovement()} fallback={<p class="muted plan-hint">Select a tooth to move it.</p>}>
        {(m) => (
          <div class="move-editor" title={SIGN_TITLE}>
            <div class="move-head">
              <span class="plan-strong">Tooth {label(plan.state.selected!)}</span>
              <span class="muted">final position</span>
            </div>
            <For each={MOVEMENT_FIELDS}>
              {(f) => <MoveRow field={f} value={m()[f.key]} onSet={(v) => setComponent(f.key, v)} onNudge={(d) => nudge(f.key, d)} onError={setError} />}
            </For>
          </div>
        )}
      </Show>
      <Show when={error()}><p class="inline-error plan-error" role="alert">{error()}</p></Show>

      <div class="plan-row">
        <label class="plan-field inline">
          <span>Step</span>
          <NumberField testId="step-mm" label="Step (mm)" value={plan.state.step.mm} rules={{ min: 0.01, max: 5 }}
            onCommit={(v) => plan.setStep({ mm: v })} onError={setError} />
          <span class="unit">mm</span>
        </label>
        <label class="plan-field inline">
          <NumberField testId="step-deg" label="Step (degrees)" value={plan.state.step.deg} rules={{ min: 0.1, max: 45 }}
            onCommit={(v) => plan.setStep({ deg: v })} onError={setError} />
          <span class="unit">°</span>
        </label>
        <label class="check">
          <input type="checkbox" data-testid="ghost-toggle" checked={plan.state.ghost}
            onChange={(e) => plan.setGhost(e.currentTarget.checked)} /> Show initial (ghost)
        </label>
      </div>

      <AutoSetupCard plan={plan} />
      <MovementTable plan={plan} />
    </div>
  );
}

function MoveRow(props: { field: MovementField; value: number; onSet(v: number): void; onNudge(d: 1 | -1): void; onError(m: string | null): void }): JSX.Element {
  const f = props.field;
  return (
    <div class="move-row" title={signHint(f)}>
      <span class="move-label">{f.label}</span>
      <button type="button" class="btn small step-btn" data-testid={`nudge-${f.key}-minus`} aria-label={`${f.label}: one step ${f.negative}`}
        onClick={() => props.onNudge(-1)}>−</button>
      <NumberField testId={`move-${f.key}`} label={f.label} value={props.value} title={signHint(f)}
        rules={f.key === 'rotation' ? { min: -180, max: 180 } : f.unit === 'deg' ? { min: -89.9, max: 89.9 } : { min: -20, max: 20 }}
        onCommit={props.onSet} onError={props.onError} onArrow={props.onNudge} />
      <button type="button" class="btn small step-btn" data-testid={`nudge-${f.key}-plus`} aria-label={`${f.label}: one step ${f.positive}`}
        onClick={() => props.onNudge(1)}>+</button>
      <span class="unit">{unitText(f.unit)}</span>
    </div>
  );
}
