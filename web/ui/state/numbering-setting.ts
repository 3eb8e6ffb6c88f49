// The tooth numbering the user reads labels in, remembered in the settings store.
import { createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';
import { isNumberingSystem, NUMBERING_SETTING } from '../numbering.ts';
import type { NumberingSystem } from '../numbering.ts';
import type { SettingsStore } from '../services.ts';

export interface NumberingSetting {
  numbering: Accessor<NumberingSystem>;
  load(): Promise<void>;
  choose(system: NumberingSystem): Promise<void>;
}

export function createNumberingSetting(settings: SettingsStore): NumberingSetting {
  const [numbering, setNumbering] = createSignal<NumberingSystem>('fdi');
  return {
    numbering,
    async load() {
      const stored = await settings.get<unknown>(NUMBERING_SETTING, 'fdi').catch(() => 'fdi');
      setNumbering(isNumberingSystem(stored) ? stored : 'fdi');
    },
    async choose(system) {
      setNumbering(system);
      await settings.set(NUMBERING_SETTING, system).catch(() => undefined);
    },
  };
}
