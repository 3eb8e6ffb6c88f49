// Keyboard users lose their place when the control they were on goes away (a deleted
// version, a removed record, a dialog's button that opened it and is gone) or is disabled
// while it works: the browser drops focus to the page body and the next Tab starts from the
// top. This watches for that and puts focus back near where it was: the nearest heading of
// the part of the page that is still there, or its first control.

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
const HEADING = 'h1, h2, h3, h4';

function usable(el: Element | null): el is HTMLElement {
  return !!el && el.isConnected && !(el as HTMLButtonElement).disabled && (el as HTMLElement).getClientRects().length > 0
    && !el.closest('[inert], dialog:not([open])');
}

/** Focuses `el`, making a heading or container programmatically focusable first. */
export function focusElement(el: HTMLElement): void {
  if (!el.matches(FOCUSABLE) && !el.hasAttribute('tabindex')) el.tabIndex = -1;
  el.focus();
}

/** Where focus goes from a lost element: the nearest still-shown ancestor's heading, or its first control. */
function fallbackFor(trail: readonly Element[]): HTMLElement | null {
  for (const ancestor of trail) {
    if (!usable(ancestor)) continue;
    const heading = [...ancestor.querySelectorAll<HTMLElement>(HEADING)].find(usable);
    if (heading) return heading;
    const control = [...ancestor.querySelectorAll<HTMLElement>(FOCUSABLE)].find(usable);
    if (control) return control;
  }
  return null;
}

const ancestors = (el: Element): Element[] => {
  const out: Element[] = [];
  for (let a = el.parentElement; a; a = a.parentElement) out.push(a);
  return out;
};

/**
 * Watches `root`'s document. Returns a function that stops watching. A focus move the page
 * asks for (a dialog restoring focus, a component focusing a result) always wins: the
 * rescue only acts while focus sits on the body.
 */
export function installFocusRescue(root: HTMLElement): () => void {
  const doc = root.ownerDocument;
  let last: { el: Element; trail: Element[] } | null = null;
  // The control focused before a dialog took focus: where a closed dialog sends it back.
  let beforeDialog: { el: Element; trail: Element[] } | null = null;
  let pending = false;

  const onFocusIn = (e: FocusEvent) => {
    const el = e.target as Element;
    if (!(el instanceof doc.defaultView!.HTMLElement) || el === doc.body) return;
    const entry = { el, trail: ancestors(el) };
    if (el.closest('dialog')) {
      if (last && !last.el.closest('dialog')) beforeDialog = last;
    } else beforeDialog = null;
    last = entry;
  };
  // A click on the page's background drops focus on purpose: nothing to rescue.
  const onPointerDown = (e: PointerEvent) => {
    if (!(e.target as Element).closest?.(FOCUSABLE)) last = null;
  };

  const check = () => {
    pending = false;
    const active = doc.activeElement;
    if (!last || (active && active !== doc.body)) return;
    let from = last;
    if (from.el.closest('dialog') && beforeDialog) from = beforeDialog;
    if (usable(from.el)) {
      if (from !== last) focusElement(from.el);
      return;
    }
    const target = fallbackFor(from.trail);
    if (target) focusElement(target);
  };
  const schedule = () => {
    if (pending) return;
    pending = true;
    // After the frame's rendering: a dialog's own focus restore and components' focus calls come first.
    requestAnimationFrame(() => setTimeout(check));
  };

  doc.addEventListener('focusin', onFocusIn);
  doc.addEventListener('focusout', schedule);
  doc.addEventListener('pointerdown', onPointerDown, true);
  const observer = new MutationObserver(schedule);
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'hidden', 'open', 'inert'] });
  return () => {
    observer.disconnect();
    doc.removeEventListener('focusin', onFocusIn);
    doc.removeEventListener('focusout', schedule);
    doc.removeEventListener('pointerdown', onPointerDown, true);
  };
}

/**
 * Focuses what `find` returns once it is shown (a view that renders after an action): for
 * "Open the demo case", the case's heading. Gives up after `timeoutMs`, or once the user has
 * moved focus on somewhere of their own.
 */
export function focusWhenShown(doc: Document, find: () => HTMLElement | null, timeoutMs = 10_000): void {
  const start = performance.now();
  const was = doc.activeElement;
  const tick = () => {
    const active = doc.activeElement;
    if (active && active !== doc.body && active !== was && !active.matches(HEADING)) return;
    const el = find();
    if (el && usable(el)) return void focusElement(el);
    if (performance.now() - start < timeoutMs) requestAnimationFrame(tick);
  };
  tick();
}
