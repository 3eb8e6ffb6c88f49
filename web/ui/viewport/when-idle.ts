/** Runs `task` when the browser is next idle (at the latest after two seconds): work nobody waits for yet. */
export function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 2000 });
  else setTimeout(task, 200);
}
