// A typed number that commits on change or Enter: text input (not type=number) so that a
// decimal comma works in every locale; a refused value puts the old one back and says why.
import type { JSX } from 'solid-js';
import { inputText, parseNumber, type ParseRules } from './plan-format.ts';
import { nudgeKey } from './plan-fields.ts';

export interface NumberFieldProps {
  testId: string;
  label: string;
  value: number;
  decimals?: number;
  rules?: ParseRules;
  title?: string;
  disabled?: boolean;
  onCommit(value: number): void;
  onError(message: string | null): void;
  /** Arrow up / down while focused (movement inputs nudge). */
  onArrow?(direction: 1 | -1): void;
}

export function NumberField(props: NumberFieldProps): JSX.Element {
  // Enter commits and the browser then fires change for the same text: commit it once.
  let committedText: string | null = null;
  const shown = () => inputText(props.value, props.decimals ?? 2);

  const commit = (el: HTMLInputElement) => {
    if (el.value === committedText) return;
    const r = parseNumber(el.value, { label: props.label, ...props.rules });
    if (!r.ok) {
      props.onError(r.message);
      el.value = shown();
      return;
    }
    props.onError(null);
    if (r.value !== props.value) props.onCommit(r.value);
    // Shows what the plan now holds: the typed value normalised ("1,50" -> "1.5"), or the old one if the plan refused it.
    el.value = shown();
    committedText = el.value;
  };

  return (
    <input type="text" inputMode="decimal" class="num-input" data-testid={props.testId} aria-label={props.label}
      title={props.title} value={shown()} disabled={props.disabled}
      onInput={() => { committedText = null; }}
      onChange={(e) => commit(e.currentTarget)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit(e.currentTarget);
          return;
        }
        const d = props.onArrow ? nudgeKey(e) : null;
        if (d !== null) {
          e.preventDefault();
          committedText = null;
          props.onArrow!(d);
        }
      }} />
  );
}
