// Which compute backend runs, for the header, and the user's choice of it (Auto / WebGPU /
// WASM), remembered in the settings store under 'engine.backend'. The engine starts at
// boot in its worker only to report the backend (cheap, off the main thread); a lost GPU
// device that swaps it to WASM updates the label.
import { createStore } from 'solid-js/store';
import type { SettingsStore } from '../services.ts';
import { ENGINE_SETTING, type EngineChoice, type EngineClient, type EngineStatus } from '../../engine/engine-client.ts';
/** What the setting offers; 'reference' stays a developer's choice (the bench, tests). */
export const ENGINE_OPTIONS: readonly { id: EngineChoice; label: string }[] = [
  { id: 'auto', label: 'Auto' },
  { id: 'webgpu', label: 'WebGPU' },
  { id: 'wasm', label: 'WASM' },
];

export function isEngineOption(value: unknown): value is EngineChoice {
  return ENGINE_OPTIONS.some((o) => o.id === value);
}

export interface EngineIndicatorState {
  choice: EngineChoice;
  status: EngineStatus | null;
  /** Why the chosen backend could not start (a forced one that is unavailable). */
  error: string | null;
}

export interface EngineIndicator {
  state: EngineIndicatorState;
  /** Reads the setting and starts the engine with it. */
  load(): Promise<void>;
  choose(choice: EngineChoice): Promise<void>;
}

const NAMES: Record<EngineStatus['backend'], string> = { webgpu: 'WebGPU', wasm: 'WASM', reference: 'Reference' };

/** "Engine: WebGPU", "Engine: WASM (no WebGPU adapter)", "Engine: WASM (forced)", "Engine: WebGPU unavailable". */
export function engineLabel(state: EngineIndicatorState): string {
  if (state.error) return state.choice === 'auto' ? 'Engine: unavailable' : `Engine: ${NAMES[state.choice]} unavailable`;
  const s = state.status;
  if (!s) return 'Engine: starting…';
  const name = NAMES[s.backend];
  if (s.switched) return `Engine: ${name} (GPU device lost)`;
  if (s.softwareAdapter) return `Engine: ${name} (no hardware GPU)`;
  if (s.fellBackFrom) return `Engine: ${name} (${s.reason})`;
  if (s.reason.startsWith('forced')) return `Engine: ${name} (forced)`;
  return `Engine: ${name}`;
}

export function createEngineIndicator(engine: Pick<EngineClient, 'start' | 'onSwitch'>, settings: SettingsStore): EngineIndicator {
  const [state, setState] = createStore<EngineIndicatorState>({ choice: 'auto', status: null, error: null });
  engine.onSwitch((status) => setState({ status }));

  async function start(choice: EngineChoice) {
    setState({ choice, status: null, error: null });
    try {
      const status = await engine.start(choice);
      if (state.choice === choice) setState({ status, error: null });
    } catch (e) {
      if (state.choice === choice) setState({ error: e instanceof Error ? e.message : String(e) });
    }
  }

  return {
    state,
    async load() {
      const stored = await settings.get<unknown>(ENGINE_SETTING, 'auto').catch(() => 'auto');
      await start(isEngineOption(stored) ? stored : 'auto');
    },
    async choose(choice) {
      await settings.set(ENGINE_SETTING, choice).catch(() => undefined);
      await start(choice);
    },
  };
}
