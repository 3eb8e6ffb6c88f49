// Roving focus for the studio's composite widgets (tooth chips, staging chart, IPR list,
// movement table): the widget is one Tab stop, arrow keys move among its items, Home/End
// jump to the ends. Items are laid out in rows (a row may be shorter than another): Left/
// Right move along a row, Up/Down between rows. The key logic is pure (tested in node); the
// Solid part only keeps which item holds the Tab stop and focuses the one the keys name.
import { createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';

export interface GridPos { row: number; col: number }

export interface RovingOptions {
  /** Left/Right past a row's end go on to the next row (a flat list laid out in rows). */
  flow?: boolean;
}

/**
 * Where a key moves from `at` in a grid whose row r has `rowLengths[r]` items; null: the key
 * is not a move (or the grid is empty). Up/Down keep the column as far as the row allows;
 * Home/End go to the row's ends, with Ctrl to the first and last items of the whole grid.
 */
export function moveInGrid(key: string, at: GridPos, rowLengths: readonly number[], ctrl = false, options: RovingOptions = {}): GridPos | null {
  const rows = rowLengths.length;
  if (rows === 0 || rowLengths.every((n) => n === 0)) return null;
  const clampCol = (r: number, c: number) => Math.max(0, Math.min(c, rowLengths[r] - 1));
  // The nearest row in a direction that has items (a row can be empty).
  const rowFrom = (r: number, dir: 1 | -1): number | null => {
    for (let i = r + dir; i >= 0 && i < rows; i += dir) if (rowLengths[i] > 0) return i;
    return null;
  };
  const first = rowFrom(-1, 1)!, last = rowFrom(rows, -1)!;
  const row = Math.max(0, Math.min(at.row, rows - 1));
  const col = rowLengths[row] > 0 ? clampCol(row, at.col) : 0;
  switch (key) {
    case 'ArrowRight': {
      if (col < rowLengths[row] - 1) return { row, col: col + 1 };
      const next = options.flow ? rowFrom(row, 1) : null;
      return next === null ? { row, col } : { row: next, col: 0 };
    }
    case 'ArrowLeft': {
      if (col > 0) return { row, col: col - 1 };
      const prev = options.flow ? rowFrom(row, -1) : null;
      return prev === null ? { row, col } : { row: prev, col: rowLengths[prev] - 1 };
    }
    case 'ArrowDown': {
      const next = rowFrom(row, 1);
      return next === null ? { row, col } : { row: next, col: clampCol(next, col) };
    }
    case 'ArrowUp': {
      const prev = rowFrom(row, -1);
      return prev === null ? { row, col } : { row: prev, col: clampCol(prev, col) };
    }
    case 'Home': return ctrl || options.flow ? { row: first, col: 0 } : { row, col: 0 };
    case 'End': return ctrl || options.flow ? { row: last, col: rowLengths[last] - 1 } : { row, col: rowLengths[row] - 1 };
    default: return null;
  }
}

/** Where `key` sits in the rows, or null. */
export function positionOf<K>(rows: readonly (readonly K[])[], key: K | null): GridPos | null {
  if (key === null) return null;
  for (let r = 0; r < rows.length; r++) {
    const c = rows[r].indexOf(key);
    if (c >= 0) return { row: r, col: c };
  }
  return null;
}

export interface Roving<K> {
  /** The item that holds the widget's Tab stop. */
  active: Accessor<K | null>;
  /** 0 for the active item, -1 for the others. */
  tabIndex(key: K): 0 | -1;
  /** Ref callback for an item's element. */
  ref(key: K): (el: HTMLElement) => void;
  /** The item gained focus (by click or Tab): it holds the Tab stop from now on. */
  onFocus(key: K): void;
  /** Arrow keys / Home / End on an item; true when the key was a move (its default is prevented). */
  onKeyDown(e: KeyboardEvent, key: K): boolean;
  /** Focuses an item (after a change that re-rendered it, say). */
  focus(key: K): void;
}

/**
 * `rows`: the items' keys as laid out. `preferred`: the item that holds the Tab stop before
 * the user moved in the widget (the selected one, say); the first item otherwise.
 */
export function createRoving<K>(rows: Accessor<readonly (readonly K[])[]>, preferred?: Accessor<K | null>, options: RovingOptions = {}): Roving<K> {
  const [chosen, setChosen] = createSignal<K | null>(null);
  const elements = new Map<K, HTMLElement>();
  const has = (k: K | null) => k !== null && positionOf(rows(), k) !== null;
  const active = (): K | null => {
    const c = chosen();
    if (has(c)) return c;
    const p = preferred?.() ?? null;
    if (has(p)) return p;
    return rows().find((r) => r.length > 0)?.[0] ?? null;
  };
  const focus = (key: K) => {
    setChosen(() => key);
    const el = elements.get(key);
    if (el?.isConnected) el.focus();
    else queueMicrotask(() => elements.get(key)?.focus());
  };
  return {
    active,
    tabIndex: (key) => (active() === key ? 0 : -1),
    ref: (key) => (el) => { elements.set(key, el); },
    onFocus: (key) => setChosen(() => key),
    onKeyDown(e, key) {
      if (e.altKey || e.metaKey) return false;
      const grid = rows();
      const at = positionOf(grid, key);
      if (!at) return false;
      const to = moveInGrid(e.key, at, grid.map((r) => r.length), e.ctrlKey, options);
      if (!to) return false;
      e.preventDefault();
      focus(grid[to.row][to.col]);
      return true;
    },
    focus,
  };
}
