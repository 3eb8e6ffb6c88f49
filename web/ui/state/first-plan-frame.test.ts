import { describe, expect, it } from 'vitest';
import { createFirstPlanFrame, type PageSignals } from './first-plan-frame.ts';

/** A page whose visibility and clock the test moves by hand. */
function fakePage() {
  let hidden = false;
  const watchers = new Set<() => void>();
  const timers = new Set<{ run: () => void; ms: number }>();
  const page: PageSignals = {
    hidden: () => hidden,
    onVisibility(changed) {
      watchers.add(changed);
      return () => watchers.delete(changed);
    },
    later(run, ms) {
      const t = { run, ms };
      timers.add(t);
      return () => timers.delete(t);
    },
  };
  return {
    page, watchers, timers,
    hide() { hidden = true; for (const w of [...watchers]) w(); },
    expire() { for (const t of [...timers]) { timers.delete(t); t.run(); } },
  };
}

/** Whether the promise has settled, after the microtasks queued so far. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => { done = true; });
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe('the plan\'s first frame, for work that should not compete with drawing it', () => {
  it('holds the waiters until the view reports the frame drawn, then lets them all go', async () => {
    const f = fakePage();
    const frame = createFirstPlanFrame(f.page, 5000);
    const first = frame.wait();
    const second = frame.wait();
    expect(await settled(first)).toBe(false);
    frame.drawn();
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(true);
    // Nothing left listening or ticking.
    expect(f.watchers.size).toBe(0);
    expect(f.timers.size).toBe(0);
  });

  it('does not wait once the frame was drawn', async () => {
    const f = fakePage();
    const frame = createFirstPlanFrame(f.page, 5000);
    frame.drawn();
    expect(await settled(frame.wait())).toBe(true);
    expect(f.timers.size).toBe(0);
  });

  it('never waits on a hidden tab: at once when hidden, or as soon as it is hidden', async () => {
    const f = fakePage();
    const frame = createFirstPlanFrame(f.page, 5000);
    const waiting = frame.wait();
    expect(await settled(waiting)).toBe(false);
    f.hide();
    expect(await settled(waiting)).toBe(true);
    expect(await settled(frame.wait())).toBe(true);
  });

  it('waits no longer than its patience on a view that never reports', async () => {
    const f = fakePage();
    const frame = createFirstPlanFrame(f.page, 5000);
    const waiting = frame.wait();
    expect([...f.timers].map((t) => t.ms)).toEqual([5000]);
    expect(await settled(waiting)).toBe(false);
    f.expire();
    expect(await settled(waiting)).toBe(true);
    expect(f.watchers.size).toBe(0);
  });
});
