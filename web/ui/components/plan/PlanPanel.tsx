// The case's Plan tab, side column: the plan's phase (preparing, failed, scans changed),
// then Setup | Staging | Findings | Versions, with undo/redo and the save state always in
// view. Ctrl/Cmd+Z and Ctrl+Shift+Z / Ctrl+Y work unless focus is in a text field.
import { Match, Show, Switch, createSignal, onCleanup, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import type { PlanSession } from '../../state/plan-types.ts';
import { historyKey, isTextEntry } from './plan-fields.ts';
import { SetupPanel } from './SetupPanel.tsx';
import { StagingPanel } from './StagingPanel.tsx';
import { FindingsPanel } from './FindingsPanel.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';
import { AttachmentsPanel } from './AttachmentsPanel.tsx';
import { ModelsPanel } from './ModelsPanel.tsx';
import { TabList } from '../TabList.tsx';
import './plan.css';

export type PlanTab = 'setup' | 'staging' | 'attachments' | 'findings' | 'versions' | 'models';
const TABS: { id: PlanTab; label: string }[] = [
  { id: 'setup', label: 'Setup' },
  { id: 'staging', label: 'Staging' },
  { id: 'attachments', label: 'Attachments' },
  { id: 'findings', label: 'Findings' },
  { id: 'versions', label: 'Versions' },
  { id: 'models', label: 'Models' },
];

const SAVE_TEXT = { saved: 'Saved', pending: 'Unsaved changes', saving: 'Saving…', error: 'Not saved', conflict: 'Not saved: changed in another tab' } as const;

export function PlanPanel(props: { plan: PlanSession; caseLabel?: string; tab?: PlanTab; onTab?(tab: PlanTab): void; onModelsSaved?(): void }): JSX.Element {
  const plan = props.plan;
  const [ownTab, setOwnTab] = createSignal<PlanTab>('setup');
  const tab = () => props.tab ?? ownTab();
  const choose = (t: PlanTab) => (props.onTab ? props.onTab(t) : setOwnTab(t));
  const phase = () => plan.state.phase;

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = historyKey(e);
      if (!action) return;
      const target = e.target as HTMLInputElement | null;
      if (isTextEntry(target?.tagName, target?.type)) return;
      e.preventDefault();
      if (action === 'undo' && plan.canUndo()) plan.undo();
      if (action === 'redo' && plan.canRedo()) plan.redo();
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });

  const save = () => plan.state.save;
  // A failure says why; a note on a good save (an update from another tab) is shown instead of "Saved".
  const saveText = () => {
    const { status, message } = save();
    if (status === 'error' && message) return `Not saved: ${message}`;
    if (status === 'saved' && message) return message;
    return SAVE_TEXT[status];
  };

  const phaseText = () => {
    switch (phase()) {
      case 'idle': return plan.state.message ?? 'Waiting for the scans to load…';
      case 'preparing': return plan.state.message ?? 'Preparing the teeth for planning…';
      case 'stale': return 'Scans changed since the plan was prepared.';
      case 'error': return plan.state.message ?? 'The plan could not be prepared.';
      case 'ready': return 'Ready';
    }
  };

  return (
    <section class="plan-panel" aria-label="Treatment plan" data-testid="plan-panel" data-computing={String(plan.state.computing)}>
      <div class="plan-head">
        <h2>Plan</h2>
        <div class="plan-head-tools">
          <button type="button" class="btn small" data-testid="plan-undo" disabled={!plan.canUndo()} title="Undo (Ctrl+Z)"
            onClick={() => plan.undo()}>Undo</button>
          <button type="button" class="btn small" data-testid="plan-redo" disabled={!plan.canRedo()} title="Redo (Ctrl+Shift+Z)"
            onClick={() => plan.redo()}>Redo</button>
          <span class="plan-save" data-testid="plan-save-status" data-status={save().status}
            classList={{ failed: save().status === 'error' || save().status === 'conflict' }} title={save().message ?? ''}>
            {saveText()}
          </span>
        </div>
      </div>

      <Show when={save().status === 'conflict'}>
        <div class="inline-error plan-conflict" role="alert" data-testid="plan-conflict">
          <p>This plan was changed in another tab or window. Your last change was not saved.</p>
          <button type="button" class="btn small primary" data-testid="plan-load-theirs"
            onClick={() => void plan.resolveConflict('theirs')}>Load their version</button>{' '}
          <button type="button" class="btn small" data-testid="plan-keep-mine"
            onClick={() => void plan.resolveConflict('mine')}>Keep mine (save over theirs)</button>
        </div>
      </Show>

      <div class="plan-phase" data-testid="plan-phase" data-phase={phase()} classList={{ hidden: phase() === 'ready' }}
        role={phase() === 'error' ? 'alert' : 'status'}>
        <Switch>
          <Match when={phase() === 'preparing' || phase() === 'idle'}>
            <span class="plan-spinner" aria-hidden="true" classList={{ idle: phase() === 'idle' }} /> {phaseText()}
          </Match>
          <Match when={phase() === 'error'}>
            <p class="inline-error plan-error">{phaseText()}</p>
            <button type="button" class="btn small" data-testid="plan-retry" onClick={() => void plan.prepare()}>Try again</button>
          </Match>
          <Match when={phase() === 'stale'}>
            <span>{phaseText()}</span>
            <button type="button" class="btn small primary" data-testid="plan-reprepare" onClick={() => void plan.prepare()}>Prepare again</button>
          </Match>
        </Switch>
      </div>

      <Show when={phase() === 'ready' && plan.state.message}>
        {(m) => <p class="plan-note" role="status" data-testid="plan-note">{m()}</p>}
      </Show>

      <Show when={phase() === 'ready'}>
        <TabList label="Plan sections" class="plan-tabs" tabs={TABS.map((t) => ({ ...t, testId: `plan-tab-${t.id}` }))} selected={tab()} onSelect={choose} />
        <Switch>
          <Match when={tab() === 'setup'}><SetupPanel plan={plan} /></Match>
          <Match when={tab() === 'staging'}><StagingPanel plan={plan} /></Match>
          <Match when={tab() === 'attachments'}><div class="plan-section"><AttachmentsPanel plan={plan} /></div></Match>
          <Match when={tab() === 'models'}><div class="plan-section"><ModelsPanel plan={plan} caseLabel={props.caseLabel ?? 'CASE'} onSaved={() => props.onModelsSaved?.()} /></div></Match>
          <Match when={tab() === 'findings'}><FindingsPanel plan={plan} /></Match>
          <Match when={tab() === 'versions'}><VersionsPanel plan={plan} /></Match>
        </Switch>
      </Show>
    </section>
  );
}
