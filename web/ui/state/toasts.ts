// Short notices at the bottom of the screen: "Case deleted. Undo", backup summaries,
// errors. Errors stay until dismissed; the rest leave on their own.
import { createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';

export interface ToastAction {
  label: string;
  testId: string;
  run(): void | Promise<void>;
}

export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
  action?: ToastAction;
}

export interface ToastService {
  items: Accessor<Toast[]>;
  show(toast: Omit<Toast, 'id'>, timeoutMs?: number): number;
  dismiss(id: number): void;
}

export function createToastService(defaultTimeoutMs = 6000): ToastService {
  const [items, setItems] = createSignal<Toast[]>([]);
  let nextId = 1;
  const dismiss = (id: number) => setItems((list) => list.filter((t) => t.id !== id));
  return {
    items,
    show(toast, timeoutMs) {
      const id = nextId++;
      setItems((list) => [...list, { ...toast, id }]);
      const ms = timeoutMs ?? (toast.kind === 'error' ? 0 : defaultTimeoutMs);
      if (ms > 0) setTimeout(() => dismiss(id), ms);
      return id;
    },
    dismiss,
  };
}
