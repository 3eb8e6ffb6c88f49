// One bump arena over linear memory: the host carves its buffers out of it, in order, and
// resets it to a mark when they are no longer needed (a new plan, a new query, dispose). No
// GC, no free lists: the engine's buffers live exactly as long as the plan or query they
// belong to, so a mark and a reset is all the bookkeeping memory needs.

const base: usize = (__heap_base + 15) & ~(<usize>15);
let top: usize = base;

export function arenaBase(): usize { return base; }
export function arenaTop(): usize { return top; }
export function arenaReset(mark: usize): void { top = mark < base ? base : mark; }

/** `bytes` of zeroed memory, 16-byte aligned; grows memory when needed (returns 0 if it cannot). */
export function alloc(bytes: usize): usize {
  const at = top;
  const end = (at + bytes + 15) & ~(<usize>15);
  const have = <usize>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >>> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  memory.fill(at, 0, end - at);
  top = end;
  return at;
}
