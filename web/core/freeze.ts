// Values of the domain (plans, protocol documents) are shared between edits and states, so
// they are frozen all the way down: a stray assignment throws instead of changing history.

/** `value` frozen in place, with everything it holds; returned for chaining. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
