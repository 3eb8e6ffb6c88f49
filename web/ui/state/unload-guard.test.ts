import { describe, expect, test } from 'vitest';
import { createUnloadGuard, type GuardedPage } from './unload-guard.ts';

function fakePage(): GuardedPage & { document: { visibilityState: DocumentVisibilityState } } {
  const page = new EventTarget() as GuardedPage;
  page.document = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  return page as GuardedPage & { document: { visibilityState: DocumentVisibilityState } };
}

/** A browser's BeforeUnloadEvent: returnValue can be set (Node's Event has only a getter). */
function beforeUnload(): Event & { returnValue: unknown } {
  const e = new Event('beforeunload', { cancelable: true });
  Object.defineProperty(e, 'returnValue', { value: '', writable: true });
  return e as Event & { returnValue: unknown };
}

function work(dirty: boolean) {
  const w = { dirty, flushes: 0, hasUnsaved: () => w.dirty, flushForClose: () => void w.flushes++ };
  return w;
}

describe('the unload guard', () => {
  test('pagehide, and the page becoming hidden, start every registered save at once', () => {
    const page = fakePage();
    const guard = createUnloadGuard(page);
    const plan = work(true);
    const seg = work(false);
    guard.register(plan);
    guard.register(seg);
    page.dispatchEvent(new Event('pagehide'));
    expect([plan.flushes, seg.flushes]).toEqual([1, 1]);
    page.document.dispatchEvent(new Event('visibilitychange'));
    expect(plan.flushes, 'still visible: nothing to do').toBe(1);
    page.document.visibilityState = 'hidden';
    page.document.dispatchEvent(new Event('visibilitychange'));
    expect(plan.flushes).toBe(2);
  });

  test('beforeunload asks while anything is unsaved, and not otherwise', () => {
    const page = fakePage();
    const guard = createUnloadGuard(page);
    const plan = work(false);
    guard.register(plan);
    const quiet = beforeUnload();
    page.dispatchEvent(quiet);
    expect(quiet.defaultPrevented).toBe(false);
    plan.dirty = true;
    const asking = beforeUnload();
    page.dispatchEvent(asking);
    expect(asking.defaultPrevented).toBe(true);
    expect(asking.returnValue).toBeTruthy();
    expect(plan.flushes, 'the save starts while the browser asks').toBe(1);
  });

  test('unregistered work and a disposed guard are left alone', () => {
    const page = fakePage();
    const guard = createUnloadGuard(page);
    const a = work(true);
    const b = work(true);
    const stop = guard.register(a);
    guard.register(b);
    stop();
    page.dispatchEvent(new Event('pagehide'));
    expect([a.flushes, b.flushes]).toEqual([0, 1]);
    guard.dispose();
    page.dispatchEvent(new Event('pagehide'));
    const late = beforeUnload();
    page.dispatchEvent(late);
    expect(b.flushes).toBe(1);
    expect(late.defaultPrevented).toBe(false);
  });
});
