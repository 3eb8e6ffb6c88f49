// The first stop of the Tab order: past the header and the case library, straight to the case.
import type { JSX } from 'solid-js';
import { focusElement } from './focus-rescue.ts';

export function SkipLink(props: { target: () => HTMLElement | undefined }): JSX.Element {
  return (
    <button type="button" class="skip-link" data-testid="skip-link"
      onClick={() => { const t = props.target(); if (t) focusElement(t); }}>Skip to main content</button>
  );
}
