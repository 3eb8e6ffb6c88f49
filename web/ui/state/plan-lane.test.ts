// The plan session's engine lane and autosave with hand-made jobs: order, latest-wins, and
// writes that never overlap.
import { describe, expect, test, vi } from 'vitest';
import { emptyPlan, setTarget, zeroMovement, type Plan } from '../../core/plan.ts';
import { createLane, latestJob } from './plan-lane.ts';
import { createPlanAutosave, type SaveStatus } from './plan-autosave.ts';

const tick = () => new Promise((r) => setTimeout(r, 1));
const planWith = (mesial: number): Plan => setTarget(emptyPlan(), 11, { ...zeroMovement(), mesial });

describe('engine lane', () => {
  test('jobs never overlap, and a job asked for again while waiting runs once with the latest value', async () => {
    const lane = createLane();
    let running = 0;
    let most = 0;
    const ran: string[] = [];
    const job = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      ran.push(name);
      running--;
    };
    const latest = latestJob<number>(lane, async (n) => job(`run ${n}`)());
    void lane.enqueue(job('load'));
    void latest.request(1);
    void latest.request(2);
    void lane.enqueue(job('map'));
    void latest.request(3);
    expect(latest.waiting()).toBe(true);
    await lane.idle();
    expect(ran).toEqual(['load', 'run 3', 'map']);
    expect(most).toBe(1);
    expect(latest.waiting()).toBe(false);
  });

  test('a failing job rejects its own call only; the lane goes on', async () => {
    const lane = createLane();
    const failed = lane.enqueue(async () => { throw new Error('engine lost'); });
    const next = lane.enqueue(async () => 7);
    await expect(failed).rejects.toThrow('engine lost');
    await expect(next).resolves.toBe(7);
  });
});

describe('plan autosave', () => {
  test('a burst of edits writes once, the newest plan; a write never overlaps another and the newest lands last', async () => {
    vi.useFakeTimers();
    try {
      const written: number[] = [];
      const statuses: SaveStatus['status'][] = [];
      let writing = 0;
      let most = 0;
      const autosave = createPlanAutosave(async (p) => {
        writing++;
        most = Math.max(most, writing);
        await new Promise((r) => setTimeout(r, 50));
        written.push(p.targets[0].movement.mesial);
        writing--;
      }, 100, (s) => statuses.push(s.status));
      autosave.schedule(planWith(1));
      autosave.schedule(planWith(2));
      autosave.schedule(planWith(3));
      await vi.advanceTimersByTimeAsync(120);
      // A new edit while the first write runs: it waits for it.
      autosave.schedule(planWith(4));
      await vi.advanceTimersByTimeAsync(100);
      autosave.schedule(planWith(5));
      await vi.advanceTimersByTimeAsync(500);
      expect(written).toEqual([3, 4, 5]);
      expect(most).toBe(1);
      expect(statuses.at(-1)).toBe('saved');
    } finally {
      vi.useRealTimers();
    }
  });

  test('a failed write says why; a blocked autosave writes nothing; flush writes what is pending at once', async () => {
    const written: Plan[] = [];
    let fail = true;
    let last: SaveStatus | null = null;
    const autosave = createPlanAutosave(async (p) => {
      if (fail) throw new Error('disk full');
      written.push(p);
    }, 60_000, (s) => { last = s; });
    autosave.schedule(planWith(1));
    await autosave.flush();
    // The panel says "Not saved:" before the reason; the status carries the reason alone.
    expect(last).toEqual({ status: 'error', message: 'disk full' });
    fail = false;
    autosave.schedule(planWith(2));
    await autosave.flush();
    expect(written.map((p) => p.targets[0].movement.mesial)).toEqual([2]);
    autosave.block('the saved plan could not be read');
    autosave.schedule(planWith(3));
    await autosave.flush();
    expect(written).toHaveLength(1);
    expect(last).toEqual({ status: 'error', message: 'the saved plan could not be read' });
  });
});
