// The priority queue of the proxy's surface-distance regions (Dijkstra from every sample at
// once): flat typed arrays, no objects per entry, since a dense scan pushes a million.
/** A binary min-heap of vertices by distance; entries superseded by a later push are skipped. */
export class MinHeap {
  private items: Int32Array;
  private keys: Float64Array;
  private readonly current: Float64Array;
  size = 0;
  constructor(n: number) {
    this.items = new Int32Array(Math.max(16, n));
    this.keys = new Float64Array(Math.max(16, n));
    this.current = new Float64Array(n);
  }
  push(v: number, key: number): void {
    if (this.size === this.items.length) {
      const items = new Int32Array(this.size * 2), keys = new Float64Array(this.size * 2);
      items.set(this.items); keys.set(this.keys);
      this.items = items; this.keys = keys;
    }
    this.current[v] = key;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.items[i] = this.items[p]; this.keys[i] = this.keys[p];
      i = p;
    }
    this.items[i] = v; this.keys[i] = key;
  }
  /** The vertex with the smallest key still current, or -1 when none is left. */
  pop(): number {
    while (this.size) {
      const v = this.items[0], key = this.keys[0];
      const lastV = this.items[--this.size], lastK = this.keys[this.size];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= this.size) break;
        if (c + 1 < this.size && this.keys[c + 1] < this.keys[c]) c++;
        if (this.keys[c] >= lastK) break;
        this.items[i] = this.items[c]; this.keys[i] = this.keys[c];
        i = c;
      }
      this.items[i] = lastV; this.keys[i] = lastK;
      if (key === this.current[v]) { this.current[v] = -1; return v; }
    }
    return -1;
  }
}
