// axe-core in the studio's own document: the WCAG 2.0/2.1 A and AA rules run where the app
// really draws (its styles, its fonts, its open dialogs), and what fails comes back as text a
// developer can act on: the rule, how bad, which elements, and for contrast the two colours
// and the ratio. The script is axe's own build, added to the studio's frame as a same-origin
// <script src> (the studio's CSP allows 'self' scripts, no inline ones).
import type { AxeResults, ImpactValue, NodeResult, Result, RunOptions } from 'axe-core';

/** The tags issue #17 holds the studio to. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const AXE_URL = '/node_modules/axe-core/axe.min.js';
const BLOCKING: ImpactValue[] = ['serious', 'critical'];

type AxeWindow = Window & { axe?: { run(context: unknown, options: RunOptions): Promise<AxeResults> } };

/** Loads axe into the document's window once (a reloaded frame gets it again). */
async function axeIn(doc: Document): Promise<NonNullable<AxeWindow['axe']>> {
  const win = doc.defaultView as AxeWindow | null;
  if (!win) throw new Error('the document has no window to run axe in');
  if (win.axe) return win.axe;
  await new Promise<void>((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = AXE_URL;
    script.dataset.axe = '';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${AXE_URL} into the studio's frame`));
    doc.head.appendChild(script);
  });
  if (!win.axe) throw new Error('axe-core loaded but window.axe is missing');
  return win.axe;
}

export interface AxeOptions {
  /** Only this part of the document (a CSS selector or an element); the whole document by default. */
  include?: string | Element;
  /** Rule ids to leave out, each with why (kept short: a rule skipped here is not checked at all). */
  skip?: Record<string, string>;
}

/** Every WCAG A/AA violation axe finds in `doc` right now, of any impact. */
export async function axeViolations(doc: Document, options: AxeOptions = {}): Promise<Result[]> {
  const axe = await axeIn(doc);
  const rules = Object.fromEntries(Object.keys(options.skip ?? {}).map((id) => [id, { enabled: false }]));
  const context = options.include ?? doc;
  const results = await axe.run(context, {
    runOnly: { type: 'tag', values: WCAG_AA_TAGS },
    resultTypes: ['violations'],
    rules,
  });
  return results.violations;
}

/** The serious and critical ones: what issue #17 says must be zero. */
export async function seriousViolations(doc: Document, options: AxeOptions = {}): Promise<Result[]> {
  return (await axeViolations(doc, options)).filter((v) => BLOCKING.includes(v.impact ?? null));
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** What one failing element needs: for contrast the colours, ratio and size; otherwise axe's summary. */
function nodeText(rule: string, node: NodeResult): string {
  const where = node.target.map(String).join(' ');
  const html = clip(node.html.replace(/\s+/g, ' '), 140);
  if (rule === 'color-contrast') {
    const data = node.any.find((c) => c.id === 'color-contrast')?.data as
      { fgColor?: string; bgColor?: string; contrastRatio?: number; fontSize?: string; fontWeight?: string; expectedContrastRatio?: string } | undefined;
    if (data?.contrastRatio) {
      return `${where}\n      ${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}:1, needs ${data.expectedContrastRatio} (${data.fontSize} ${data.fontWeight})\n      ${html}`;
    }
  }
  const summary = (node.failureSummary ?? '').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' / ');
  return `${where}\n      ${clip(summary, 300)}\n      ${html}`;
}

/** A report a failing test prints: one block per rule, each element on its own lines. */
export function formatViolations(view: string, violations: Result[]): string {
  if (violations.length === 0) return `${view}: no serious or critical WCAG A/AA violations`;
  const count = violations.reduce((n, v) => n + v.nodes.length, 0);
  const blocks = violations.map((v) => {
    const nodes = v.nodes.slice(0, 25).map((n) => `    - ${nodeText(v.id, n)}`);
    if (v.nodes.length > 25) nodes.push(`    … and ${v.nodes.length - 25} more`);
    return `  ${v.id} (${v.impact}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n    ${v.helpUrl}\n${nodes.join('\n')}`;
  });
  return `${view}: ${count} serious or critical WCAG A/AA violation${count === 1 ? '' : 's'}\n${blocks.join('\n')}`;
}

/** Runs axe on the document and throws the formatted report when anything serious or critical fails. */
export async function expectNoSeriousViolations(doc: Document, view: string, options: AxeOptions = {}): Promise<void> {
  const violations = await seriousViolations(doc, options);
  if (violations.length > 0) throw new Error(formatViolations(view, violations));
}
