// One question at a time for the confirmation dialog ("Delete this case?"), answered by
// a promise so callers read top to bottom.
import { createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  /** data-testid of the confirming button, e.g. 'confirm-delete'. */
  confirmTestId: string;
  danger?: boolean;
}

export interface ConfirmService {
  current: Accessor<ConfirmRequest | null>;
  ask(request: ConfirmRequest): Promise<boolean>;
  answer(yes: boolean): void;
}

export function createConfirmService(): ConfirmService {
  const [current, setCurrent] = createSignal<ConfirmRequest | null>(null);
  let resolve: ((yes: boolean) => void) | null = null;
  return {
    current,
    ask(request) {
      resolve?.(false);
      setCurrent(request);
      return new Promise<boolean>((r) => { resolve = r; });
    },
    answer(yes) {
      const r = resolve;
      resolve = null;
      setCurrent(null);
      r?.(yes);
    },
  };
}
