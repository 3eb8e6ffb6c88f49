// The main flow by keyboard alone (issue 17): real key presses (sendKeys) on the demo case.
// A skip link first; the tooth chips, staging chart, IPR list and movement table are one Tab
// stop each with arrow keys inside; a tooth's start moves by keys in the staging chart; focus
// never drops to the page body after Open the demo case or Run auto-setup; the 3D view has a
// name and a summary in words that follows the stage.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import { allByTestId, byTestId, click, deleteDatabase, loadApp, screenshotElement, waitFor } from './harness.ts';
import { engineIdle, LONG, phase, showStage, slider } from './plan-page.ts';

const press = (key: string) => sendKeys({ press: key });
const active = (doc: Document) => doc.activeElement as HTMLElement | null;

/** Tab presses from the focused element until `done` holds; fails past `max`. */
async function tabsUntil(doc: Document, done: (el: HTMLElement | null) => boolean, max: number): Promise<number> {
  for (let n = 1; n <= max; n++) {
    await press('Tab');
    if (done(active(doc))) return n;
  }
  throw new Error(`not reached in ${max} Tabs; focus is on ${active(doc)?.outerHTML.slice(0, 120)}`);
}

/**
 * axe-core on one part of the page, loaded into the studio's frame as a same-origin script (its
 * policy allows no inline one): the roles and names of the widgets made here. Contrast is the
 * colour audit's, not this test's.
 */
async function axeViolations(doc: Document, el: Element): Promise<string[]> {
  const win = doc.defaultView as Window & { axe?: { run(el: Element, o: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } };
  if (!win.axe) {
    const script = doc.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    const loaded = new Promise((r, j) => { script.onload = r; script.onerror = j; });
    doc.head.appendChild(script);
    await loaded;
  }
  const result = await win.axe!.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    rules: { 'color-contrast': { enabled: false } },
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

/** The one item of a composite that holds its Tab stop. */
function tabStops(container: Element): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('[tabindex="0"]')];
}

describe('The studio by keyboard', () => {
  it('skip link, composites with arrow keys, a start moved by keys, focus kept, the 3D view in words', async function () {
    this.timeout(600_000);
    await deleteDatabase('aligner-studio');
    const doc = await loadApp();
    const win = doc.defaultView!;

    // The skip link is the first Tab stop, and takes focus to the main area.
    win.focus();
    (active(doc) as HTMLElement | null)?.blur?.();
    await press('Tab');
    expect(active(doc)?.dataset.testid, 'the first Tab stop').to.equal('skip-link');
    expect(active(doc)!.getBoundingClientRect().top, 'the skip link is on screen when focused').to.be.at.least(0);
    await press('Enter');
    expect(active(doc)?.tagName, 'the skip link moves focus to the main area').to.equal('MAIN');

    // Open the demo case by keyboard: focus lands on the case's name, not the page body.
    byTestId(doc, 'open-demo')!.focus();
    await press('Enter');
    await waitFor('the case heading focused', () => active(doc)?.classList.contains('case-title'), LONG);
    await waitFor('both demo arches in the viewport', () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === 'upper,lower', LONG);

    // The 3D view has a name, its tooth numbers are hidden from screen readers, its summary is words.
    const image = byTestId(doc, 'viewport-image')!;
    expect(image.getAttribute('role')).to.equal('img');
    expect(image.getAttribute('aria-label')).to.match(/3D view/);
    const summary = () => byTestId(doc, 'viewport-summary')?.textContent ?? '';
    expect(doc.getElementById(image.getAttribute('aria-describedby')!)?.textContent).to.equal(summary());
    await waitFor('tooth labels', () => allByTestId(doc, 'tooth-label').length >= 28, LONG);
    expect(allByTestId(doc, 'tooth-label').every((l) => l.getAttribute('aria-hidden') === 'true'), 'tooth numbers hidden from assistive tech').to.equal(true);
    expect(summary()).to.match(/Both arches shown/);

    const planTab = byTestId(doc, 'tab-plan')!;
    planTab.focus();
    await press('Enter');
    await waitFor('the plan to be ready', () => phase(doc) === 'ready', LONG);

    // Tab bars are one Tab stop each: arrows move along them, Enter opens (manual activation).
    const caseTabs = planTab.closest('[role="tablist"]')!;
    expect(tabStops(caseTabs).map((t) => t.dataset.testid), 'the case tabs: one stop, the open tab').to.deep.equal(['tab-plan']);
    planTab.focus();
    await press('ArrowRight');
    expect(active(doc)!.dataset.testid).to.equal('tab-record');
    expect(planTab.getAttribute('aria-selected'), 'passing over a tab does not open it').to.equal('true');
    await press('ArrowLeft');
    expect(active(doc)!.dataset.testid).to.equal('tab-plan');
    const sections = byTestId(doc, 'plan-tab-setup')!.closest('[role="tablist"]')!;
    expect(tabStops(sections), 'the plan sections: one stop').to.have.length(1);

    // From the Plan tab to Run auto-setup in a few Tabs: the 28 chips are one stop.
    planTab.focus();
    const tabs = await tabsUntil(doc, (el) => el?.dataset.testid === 'auto-setup', 40);
    expect(tabs, 'Tabs from the Plan tab to Run auto-setup').to.be.at.most(24);
    const chips = byTestId(doc, 'tooth-chips')!;
    expect(tabStops(chips), 'one Tab stop for all the chips').to.have.length(1);
    expect(await axeViolations(doc, chips), 'the chips to axe').to.deep.equal([]);

    // Arrow keys move among the chips; Enter selects.
    tabStops(chips)[0].focus();
    const first = active(doc)!.dataset.fdi;
    await press('ArrowRight');
    const second = active(doc)!.dataset.fdi;
    expect(second, 'ArrowRight moves to the next chip').to.not.equal(first);
    expect(active(doc)!.dataset.testid).to.equal('setup-tooth');
    await press('End');
    const lastChip = allByTestId(doc, 'setup-tooth').at(-1)!;
    expect(active(doc), 'End goes to the last chip').to.equal(lastChip);
    await press('Home');
    expect(active(doc)?.dataset.fdi, 'Home goes to the first chip').to.equal(first);
    await press('ArrowDown');
    expect(active(doc)?.closest('[data-jaw]')?.getAttribute('data-jaw'), 'ArrowDown moves to the lower arch').to.equal('lower');
    const lowerFdi = active(doc)!.dataset.fdi!;
    await press('Enter');
    await waitFor('the chip selected by Enter', () => byTestId(doc, 'selected-tooth')?.dataset.fdi === lowerFdi, LONG);
    expect(tabStops(chips)[0]?.dataset.fdi, 'the Tab stop stays on the chip used').to.equal(lowerFdi);
    await waitFor('the summary names the selected tooth', () => /Tooth \S+ selected/.test(summary()), LONG);

    // Run auto-setup by keyboard: focus stays on a control, never the page body.
    byTestId(doc, 'auto-setup')!.focus();
    await press('Enter');
    await waitFor('a staged plan', () => Number(slider(doc)?.max ?? 0) > 0, LONG);
    await engineIdle(doc);
    expect(active(doc), 'focus after Run auto-setup').to.not.equal(doc.body);
    expect(active(doc)?.dataset.testid).to.equal('auto-setup');

    // A movement-table row by keyboard: one Tab stop, arrows, Enter selects its tooth.
    const table = byTestId(doc, 'movement-table')!;
    expect(tabStops(table), 'one Tab stop for the movement rows').to.have.length(1);
    tabStops(table)[0].focus();
    await press('Home');
    const firstRow = active(doc)!;
    expect(firstRow, 'Home: the first row').to.equal(allByTestId(doc, 'movement-row')[0]);
    await press('ArrowDown');
    const row = active(doc)!;
    expect(row.dataset.testid, 'ArrowDown moves to a movement row').to.equal('movement-row');
    expect(row.dataset.fdi).to.not.equal(firstRow.dataset.fdi);
    await press('End');
    expect(active(doc), 'End: the last row').to.equal(allByTestId(doc, 'movement-row').at(-1));
    await press('Home');
    await press('ArrowDown');
    expect(active(doc), 'Home, ArrowDown: the second row again').to.equal(row);
    await press('Enter');
    await waitFor('the row\'s tooth selected', () => byTestId(doc, 'selected-tooth')?.dataset.fdi === row.dataset.fdi, LONG);
    expect(row.getAttribute('aria-selected')).to.equal('true');
    expect(await axeViolations(doc, table), 'the movement table to axe').to.deep.equal([]);
    expect(await axeViolations(doc, byTestId(doc, 'viewport')!.closest('section')!), 'the 3D view to axe').to.deep.equal([]);

    // The 3D view's summary follows the stage.
    const last = Number(slider(doc)!.max);
    await waitFor('the summary says the stage', () => /Aligner \d+ of \d+/.test(summary()), LONG);
    await showStage(doc, 1);
    await waitFor('the summary at aligner 1', () => summary().includes(`Aligner 1 of ${last}`), LONG);
    expect(summary()).to.match(/collision|Collisions/);

    // The staging chart: one Tab stop, arrows between teeth and bars, a start moved by keys.
    click(byTestId(doc, 'plan-tab-staging'), 'Staging section');
    const grid = await waitFor('the staging grid', () => byTestId(doc, 'staging-grid'), LONG);
    expect(grid.getAttribute('role')).to.equal('grid');
    expect(tabStops(grid), 'one Tab stop in the staging chart').to.have.length(1);
    tabStops(grid)[0].focus();
    await sendKeys({ down: 'Control' });
    await press('Home');
    await sendKeys({ up: 'Control' });
    expect(active(doc)?.dataset.testid, 'Ctrl+Home: the first tooth').to.equal('chart-tooth');
    const firstTooth = active(doc)!.dataset.fdi;
    await press('ArrowDown');
    expect(active(doc)?.dataset.fdi, 'ArrowDown: the next tooth').to.not.equal(firstTooth);
    // Find a bar that can start later: right from the tooth's label, down until one is found.
    let bar: HTMLElement | null = null;
    for (let i = 0; i < 28 && !bar; i++) {
      await press('Home');
      await press('ArrowRight');
      const el = active(doc)!;
      if (el.dataset.testid === 'stage-bar' && Number(el.dataset.start) < last - 1) bar = el;
      else await press('ArrowDown');
    }
    expect(bar, 'a stage bar reached by arrow keys').to.not.equal(null);
    const fdi = bar!.dataset.fdi!;
    const nameBefore = bar!.getAttribute('aria-label')!;
    expect(nameBefore).to.match(/^Tooth \S+: moves in aligners? \d+( to \d+)?, /);
    const start = Number(bar!.dataset.start);
    await press(']');
    const moved = await waitFor('the tooth starts a stage later', () => {
      const b = allByTestId(doc, 'stage-bar').find((e) => e.dataset.fdi === fdi);
      return b && Number(b.dataset.start) === start + 1 && b;
    }, LONG);
    expect(moved.getAttribute('aria-label'), 'the bar\'s name says its new span').to.not.equal(nameBefore);
    expect(moved.getAttribute('aria-label')).to.match(/manual start/);
    expect(active(doc), 'the bar keeps focus after the change').to.equal(moved);
    expect(byTestId(doc, 'staging-chart-said')?.textContent, 'the change is said aloud').to.match(/^Tooth \S+ moves in aligners? \d+/);
    expect(await axeViolations(doc, byTestId(doc, 'staging-chart')!), 'the staging chart to axe').to.deep.equal([]);
    const shot = await screenshotElement('keyboard-staging-bar-focused', byTestId(doc, 'staging-chart')!);
    expect(shot.differingFraction).to.be.greaterThan(0.01);
    await press('Delete');
    await waitFor('the tooth back on the pattern', () => allByTestId(doc, 'stage-bar').find((e) => e.dataset.fdi === fdi)?.dataset.start === String(start), LONG);
    await engineIdle(doc);

    // IPR marks in the chart and the IPR list: focusable, named, arrows move.
    const marks = allByTestId(doc, 'chart-ipr');
    for (const m of marks) expect(m.getAttribute('aria-label')).to.match(/^Tooth \S+: IPR after aligner \d+$/);
    click(byTestId(doc, 'plan-tab-findings'), 'Findings section');
    const ipr = await waitFor('the IPR list', () => byTestId(doc, 'ipr-chart'), LONG);
    const items = allByTestId(doc, 'ipr-item');
    expect(items.length, 'the demo case has IPR after auto-setup').to.be.greaterThan(0);
    {
      expect(ipr.getAttribute('role')).to.equal('listbox');
      expect(tabStops(ipr), 'one Tab stop in the IPR list').to.have.length(1);
      for (const it of items) expect(it.textContent, 'an IPR item reads whole').to.match(/^Contact \S+\/\S+\d+\.\d mm.*aligner \d+/);
      tabStops(ipr)[0].focus();
      await press('ArrowDown');
      if (items.length > 1) expect(active(doc), 'ArrowDown: the next contact').to.equal(items[1]);
      await press('End');
      expect(active(doc), 'End: the last contact').to.equal(items.at(-1));
      expect(await axeViolations(doc, ipr), 'the IPR list to axe').to.deep.equal([]);
    }

    // Deleting a version by keyboard: focus stays near the list, not on the page body.
    click(byTestId(doc, 'plan-tab-versions'), 'Versions section');
    byTestId(doc, 'version-name')!.focus();
    await sendKeys({ type: 'Keyboard check' });
    await press('Enter');
    const del = await waitFor('the saved version', () => byTestId<HTMLElement>(doc, 'delete-version'), LONG);
    del.focus();
    await press('Enter');
    await waitFor('the version deleted', () => !byTestId(doc, 'version-item'), LONG);
    await waitFor('focus put back after the delete', () => active(doc) && active(doc) !== doc.body, 10_000);
    expect(byTestId(doc, 'versions-panel')!.contains(active(doc)), 'focus stays in the versions section').to.equal(true);
  });
});
