// The key to the viewport's distance colourings, in its corner while one is shown.
import { For } from 'solid-js';
import type { JSX } from 'solid-js';
import { legendBands } from './distance-colours.ts';
import type { DistanceMode } from './distance-colours.ts';

const css = (rgb: readonly number[]) => `rgb(${rgb.map((c) => Math.round(c * 255)).join(' ')})`;

export function ColourLegend(props: { mode: DistanceMode }): JSX.Element {
  return (
    <div class="colour-legend" data-testid="colour-legend" data-mode={props.mode} aria-label="Colour key">
      <div class="colour-legend-title">{props.mode === 'occlusion' ? 'Distance to the other arch' : 'Overlap with neighbours'}</div>
      <For each={legendBands(props.mode)}>
        {(band) => (
          <div class="colour-legend-row">
            <span class="colour-legend-swatch" style={{ background: css(band.rgb) }} />
            {band.label}
          </div>
        )}
      </For>
    </div>
  );
}
