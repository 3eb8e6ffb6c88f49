import { describe, expect, it } from 'vitest';
import { distanceColour, legendBands } from './distance-colours.ts';
import type { Rgb } from './colors.ts';

const TINT: Rgb = [0.9, 0.9, 0.85];
const occlusion = (d: number) => distanceColour(d, 'occlusion', TINT);
const overlap = (d: number) => distanceColour(d, 'overlap', TINT);
const luminance = (c: Rgb) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];

describe('occlusion contact map', () => {
  it('gives each band its own colour, in order from deep contact to open', () => {
    const samples = [-0.5, -0.1, 0.05, 0.2, 0.45, 0.8];
    const colours = samples.map(occlusion);
    expect(new Set(colours.map((c) => c.join())).size).toBe(samples.length);
    expect(colours.map((c) => c.join())).toEqual(legendBands('occlusion').map((b) => b.rgb.join()));
    for (const c of colours) expect(c).not.toEqual(TINT);
  });

  it('puts the band edges where the clinical map has them', () => {
    expect(occlusion(-0.3)).toEqual(occlusion(-1));
    expect(occlusion(-0.29)).toEqual(occlusion(-0.01));
    expect(occlusion(0)).toEqual(occlusion(0.09));
    expect(occlusion(0.1)).toEqual(occlusion(0.29));
    expect(occlusion(0.3)).toEqual(occlusion(0.59));
    expect(occlusion(0.6)).toEqual(occlusion(0.99));
    expect(occlusion(-0.3)).not.toEqual(occlusion(-0.29));
    expect(occlusion(0)).not.toEqual(occlusion(-0.01));
  });

  it('is red for contacts, green to blue for gaps', () => {
    const deep = occlusion(-0.5);
    expect(deep[0]).toBeGreaterThan(deep[1] + 0.3);
    const green = occlusion(0.2);
    expect(green[1]).toBeGreaterThan(green[0]);
    const blue = occlusion(0.8);
    expect(blue[2]).toBeGreaterThan(blue[0]);
  });

  it('leaves far (>= 1 mm) and unmeasured (NaN) vertices in the tooth tint', () => {
    expect(occlusion(1)).toEqual(TINT);
    expect(occlusion(5)).toEqual(TINT);
    expect(occlusion(Number.NaN)).toEqual(TINT);
    expect(occlusion(Infinity)).toEqual(TINT);
  });
});

describe('overlap map', () => {
  it('is red inside a neighbour, amber on the rim around it, a light amber over the rest of a colliding tooth, and the tint on teeth not measured', () => {
    const c = overlap(-0.05);
    expect(c[0]).toBeGreaterThan(c[1] + 0.3);
    const rim = overlap(0);
    expect(rim[0]).toBeGreaterThan(rim[2] + 0.5);
    expect(rim[1], 'amber, not red').toBeGreaterThan(c[1] + 0.3);
    // A patch wide enough to see: solid amber over the first half of the 0.5 mm search, fading over the rest.
    expect(overlap(0.2)).toEqual(rim);
    const fade = [0.25, 0.3, 0.4, 0.49].map((d) => Math.abs(overlap(d)[2] - TINT[2]));
    for (let i = 1; i < fade.length; i++) expect(fade[i]).toBeLessThan(fade[i - 1]);
    expect(overlap(0.5)).toEqual(overlap(0.8));
    expect(overlap(0.5)).not.toEqual(TINT);
    expect(Math.abs(overlap(0.5)[2] - TINT[2])).toBeLessThan(Math.abs(overlap(0)[2] - TINT[2]));
    expect(overlap(Number.NaN)).toEqual(TINT);
    expect(overlap(Infinity)).toEqual(TINT);
  });

  it('darkens monotonically with depth', () => {
    const depths = [0.01, 0.05, 0.1, 0.2, 0.3, 0.45];
    const l = depths.map((d) => luminance(overlap(-d)));
    for (let i = 1; i < l.length; i++) expect(l[i]).toBeLessThan(l[i - 1]);
    expect(luminance(overlap(-2))).toBeLessThanOrEqual(l[l.length - 1]);
  });
});
