import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createRoot } from 'solid-js';
import { createConfirmService } from './confirm.ts';
import { createToastService } from './toasts.ts';

describe('confirmation dialog service', () => {
  const request = { title: 'Delete this case?', message: 'm', confirmLabel: 'Delete', confirmTestId: 'confirm-delete' };

  test('the answer resolves the question and closes the dialog', async () => {
    const confirm = createRoot(() => createConfirmService());
    const answer = confirm.ask(request);
    expect(confirm.current()?.confirmTestId).toBe('confirm-delete');
    confirm.answer(true);
    expect(await answer).toBe(true);
    expect(confirm.current()).toBeNull();
  });

  test('a new question cancels the unanswered one', async () => {
    const confirm = createRoot(() => createConfirmService());
    const first = confirm.ask(request);
    const second = confirm.ask({ ...request, confirmTestId: 'confirm-replace' });
    expect(await first).toBe(false);
    confirm.answer(true);
    expect(await second).toBe(true);
  });
});

describe('toasts', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  test('notices leave on their own, errors stay until dismissed', () => {
    const toasts = createRoot(() => createToastService(1000));
    toasts.show({ kind: 'info', message: 'Deleted.' });
    const error = toasts.show({ kind: 'error', message: 'Backup failed.' });
    vi.advanceTimersByTime(1500);
    expect(toasts.items().map((t) => t.message)).toEqual(['Backup failed.']);
    toasts.dismiss(error);
    expect(toasts.items()).toEqual([]);
  });
});
