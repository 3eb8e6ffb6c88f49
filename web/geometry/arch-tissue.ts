// Which triangles of a labelled arch are a crown's and which the gum's, by the one rule the
// viewport, the tissue colours and the printable models share: a triangle is a crown's when
// at least two of its corners carry a tooth label.

/**
 * The crown triangles of each tooth: a triangle is a crown's when most of its corners carry
 * a tooth label (the rule the arch's tissue groups use); of two labels, the first corner's.
 */
export function toothTriangles(indices: Uint32Array, labels: Uint8Array): Map<number, Uint32Array> {
  const owner = new Uint8Array(indices.length / 3);
  const counts = new Map<number, number>();
  for (let t = 0; t < owner.length; t++) {
    const a = labels[indices[t * 3]], b = labels[indices[t * 3 + 1]], c = labels[indices[t * 3 + 2]];
    if ((a !== 0 ? 1 : 0) + (b !== 0 ? 1 : 0) + (c !== 0 ? 1 : 0) < 2) continue;
    const l = a !== 0 && (a === b || a === c || b !== c) ? a : b !== 0 ? b : c;
    owner[t] = l;
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const out = new Map<number, Uint32Array>();
  const fill = new Map<number, number>();
  for (const [fdi, n] of counts) {
    out.set(fdi, new Uint32Array(n * 3));
    fill.set(fdi, 0);
  }
  for (let t = 0; t < owner.length; t++) {
    const l = owner[t];
    if (l === 0) continue;
    const at = fill.get(l)!;
    out.get(l)!.set(indices.subarray(t * 3, t * 3 + 3), at);
    fill.set(l, at + 3);
  }
  return out;
}

/**
 * Tooth labels as the tooth meshes move vertices: an unlabelled corner of a crown triangle
 * moves with that crown (the first crown's, where it has several), so it is the crown's here.
 */
export function crownVertexLabels(crowns: ReadonlyMap<number, Uint32Array>, labels: Uint8Array): Uint8Array {
  const out = labels.slice();
  for (const [fdi, tri] of crowns) {
    for (let i = 0; i < tri.length; i++) if (out[tri[i]] === 0) out[tri[i]] = fdi;
  }
  return out;
}

/** The triangles no crown owns (fewer than two labelled corners), in their original order. */
export function gingivaTriangles(indices: Uint32Array, labels: Uint8Array): Uint32Array {
  const keep: number[] = [];
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const n = (labels[indices[t]] !== 0 ? 1 : 0) + (labels[indices[t + 1]] !== 0 ? 1 : 0) + (labels[indices[t + 2]] !== 0 ? 1 : 0);
    if (n < 2) keep.push(indices[t], indices[t + 1], indices[t + 2]);
  }
  return new Uint32Array(keep);
}
