// The one-at-a-time job queue with hand-made jobs: order, latest-wins, failures kept to their job.
import { describe, expect, test } from 'vitest';
import { createLane, latestJob } from './lane.ts';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('lane', () => {
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

  test('busy while a job waits or runs, idle after; a failed job leaves it idle too', async () => {
    const lane = createLane();
    expect(lane.busy()).toBe(false);
    let release: () => void = () => undefined;
    const first = lane.enqueue(() => new Promise<void>((r) => { release = r; }));
    const second = lane.enqueue(async () => { throw new Error('disk full'); });
    expect(lane.busy()).toBe(true);
    await Promise.resolve();
    release();
    await first;
    await expect(second).rejects.toThrow('disk full');
    await lane.idle();
    expect(lane.busy()).toBe(false);
  });
});
