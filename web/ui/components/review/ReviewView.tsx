// The doctor's screen: the staged plan in 3D with playback, before/after (ghost, side by side),
// the movement table, staging chart, IPR and findings, all read-only; comments pinned to a
// tooth and a stage; and the two answers, Request changes and Approve (signed). After an
// answer, "Send response to planner" packs it for the planner. Nothing here edits the plan.
import { Match, Show, Switch, createEffect, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { TabList } from '../TabList.tsx';
import type { CaseRecord, Jaw } from '../../../core/types.ts';
import type { LabelledMesh } from '../../../geometry/mesh.ts';
import type { PlanSession } from '../../state/plan-types.ts';
import type { ReviewStore } from '../../state/review.ts';
import { useStudio } from '../../context.ts';
import { Viewport } from '../../viewport/Viewport.tsx';
import { AttachmentsPanel } from '../plan/AttachmentsPanel.tsx';
import { StageBar } from '../plan/StageBar.tsx';
import { MovementTable } from '../plan/MovementTable.tsx';
import { StagingChart } from '../plan/StagingChart.tsx';
import { FindingsPanel } from '../plan/FindingsPanel.tsx';
import { alignerCountText, durationText } from '../plan/plan-format.ts';
import { SharePanel } from '../share/SharePanel.tsx';
import { ReportButtons } from '../report/ReportButtons.tsx';
import { AuditPanel } from '../audit/AuditPanel.tsx';
import { ApprovalStatus } from './ApprovalStatus.tsx';
import { CommentsPanel } from './CommentsPanel.tsx';
import { ApproveDialog } from './ApproveDialog.tsx';
import { RequestChangesDialog } from './RequestChangesDialog.tsx';
import { PackageSummaryCard } from './PackageSummaryCard.tsx';
import '../plan/plan.css';
import './review.css';

type ReviewTab = 'comments' | 'plan' | 'findings' | 'record';
const TABS: { id: ReviewTab; label: string }[] = [
  { id: 'comments', label: 'Comments' },
  { id: 'plan', label: 'Movements' },
  { id: 'findings', label: 'Findings' },
  { id: 'record', label: 'Record' },
];

/**
 * A phone's width (review.css lays the review out in one column there): the sections are
 * read one after another, scrolling the page, rather than behind tabs beside the view.
 */
const PHONE_QUERY = '(max-width: 700px)';
function useMediaQuery(query: string): () => boolean {
  const list = typeof matchMedia === 'function' ? matchMedia(query) : null;
  const [matches, setMatches] = createSignal(list?.matches ?? false);
  if (list) {
    const changed = () => setMatches(list.matches);
    list.addEventListener('change', changed);
    onCleanup(() => list.removeEventListener('change', changed));
  }
  return matches;
}

export function ReviewView(props: {
  record: CaseRecord;
  plan: PlanSession;
  review: ReviewStore;
  meshes: Partial<Record<Jaw, LabelledMesh>>;
  loading: boolean;
  /** The review wrote to the case (comment, decision): its library record changed. */
  onWritten(): void;
  /** Viewport's onPlanDrawn. */
  onPlanDrawn?(): void;
}): JSX.Element {
  const { profile, library } = useStudio();
  // Only a doctor's profile is held to review; anyone else may take the case into the editor.
  const mayEdit = () => profile.state.actor?.role !== 'doctor';
  const plan = props.plan;
  const review = props.review;
  const [tab, setTab] = createSignal<ReviewTab>('comments');
  const phone = useMediaQuery(PHONE_QUERY);
  const [dialog, setDialog] = createSignal<'approve' | 'request' | null>(null);
  const phase = () => plan.state.phase;
  const shown = () => phase() === 'ready' || phase() === 'stale';
  const canDecide = () => phase() === 'ready' && review.currentHash() !== undefined;
  // The plan as it stands is approved already (a second signature would add nothing).
  const approved = () => ['checking', 'verified', 'unknown-key'].includes(review.approvalState());

  // A doctor's first sight of the staged plan: the view's first frame with the teeth posed by
  // the plan, sent to the GPU and then drawn by it, marked for the share-link speed figure (the
  // marks count from the page's start, i.e. from opening the link). The findings may still be
  // computing: until they come the package's summary stands in for them.
  let asked = false;
  const rendered = (posed: readonly Jaw[], drawn: () => Promise<void>) => {
    if (asked || posed.length === 0 || !shown()) return;
    asked = true;
    const ready = phase() === 'ready';
    if (ready) performance.mark('review-plan-sent');
    void drawn().then(() => {
      if (ready) performance.mark('review-plan-shown');
      setTools(true);
    });
  };
  // The review's tools (the answers, the report, the comment box and the tabs) come once the GPU
  // has drawn the plan's first frame: they act on the plan, and painting them is the page's
  // costliest paint (form controls: a software GPU's first use of each way of drawing). Painted
  // before, they held the plan back (about 0.4 s on this machine's software GPU). They come too
  // once the plan is computed (the computing waits for that frame where a view draws: see
  // CaseView's `drawn`), or at once when it fails; and once come, they stay.
  const [tools, setTools] = createSignal(false);
  createEffect(() => {
    if (phase() === 'error' || (shown() && !plan.state.computing)) setTools(true);
  });

  const arches = () => (['upper', 'lower'] as const).filter((j) => plan.parts()?.[j]);
  const planLine = () => {
    const s = plan.staging();
    if (!s) return 'Not staged yet.';
    const counts = arches().map((j) => `${j}: ${alignerCountText(s.arches.find((a) => a.jaw === j)?.aligners ?? 0)}`);
    return `${counts.join(', ')} · ${durationText(s.durationDays)}`;
  };

  async function open(which: 'approve' | 'request') {
    // Every decision names who made it: a first one asks for the name and role.
    if (!(await profile.ensureActor())) return;
    setDialog(which);
  }
  const done = () => {
    setDialog(null);
    props.onWritten();
  };

  const movements = () => (
    <Show when={shown()} fallback={<p class="muted plan-hint">Shown once the plan is prepared.</p>}>
      <div class="plan-section">
        <div class="plan-card" data-testid="review-plan-line"><span class="plan-strong">Aligners</span> {planLine()}</div>
        <MovementTable plan={plan} />
        <StagingChart plan={plan} readOnly />
        <AttachmentsPanel plan={plan} readOnly />
      </div>
    </Show>
  );
  const findings = () => (
    <Show when={shown()} fallback={<p class="muted plan-hint">Shown once the plan is prepared.</p>}>
      <FindingsPanel plan={plan} readOnly />
    </Show>
  );

  return (
    <div class="case-work planning review-view" data-testid="review-view" data-plan-phase={phase()}
      data-computing={String(plan.state.computing)}>
      <div class="work-side review-side">
        <div class="review-head">
          <ApprovalStatus review={review} />
          <Show when={tools()}>
          <div class="review-actions">
            <button type="button" class="btn" data-testid="review-request-changes" disabled={!canDecide()}
              onClick={() => void open('request')}>Request changes…</button>
            <button type="button" class="btn primary" data-testid="review-approve" disabled={!canDecide() || approved()}
              title={approved() ? 'This plan is approved' : canDecide() ? 'Sign this plan as approved for manufacturing' : 'Available once the plan is shown'}
              onClick={() => void open('approve')}>Approve…</button>
          </div>
          <ReportButtons record={props.record} plan={plan} review={review} />
          <Show when={mayEdit()}>
            <button type="button" class="btn small ghost review-edit" data-testid="review-edit" onClick={() => library.setMode('edit')}
              title="Leave review and edit this plan">Open in the editor</button>
          </Show>
          <Show when={review.latestDecision()}>
            <div class="review-response">
              <p class="muted small">Your answer is saved here. Send it to the planner as a small response file:</p>
              <SharePanel caseId={props.record.id} record={props.record} summary={() => undefined} kind="response" />
            </div>
          </Show>
          </Show>
        </div>

        <div class="review-body">
          {/* Once shown, the session's notes are the planner's (auto-setup, edits): not repeated here. */}
          <Show when={!shown()}>
            <div class="plan-phase" data-testid="plan-phase" data-phase={phase()} role={phase() === 'error' ? 'alert' : 'status'}>
              <Show when={phase() === 'error'} fallback={<><span class="plan-spinner" aria-hidden="true" /> {plan.state.message ?? 'Preparing the plan…'}</>}>
                <p class="inline-error plan-error">{plan.state.message ?? 'The plan could not be prepared.'}</p>
                <button type="button" class="btn small" data-testid="plan-retry" onClick={() => void plan.prepare()}>Try again</button>
              </Show>
            </div>
            {/* Until then, what the package said: the doctor need not wait for the computing to read the plan. */}
            <Show when={review.planSummary()}>
              {(summary) => <PackageSummaryCard summary={summary()} heading={phase() === 'error'
                ? 'From the package — the studio could not compute the plan here:'
                : 'From the package — the studio is still computing the plan:'} />}
            </Show>
          </Show>

          {/* On a phone: every section in turn, the movements first; beside the view: tabs. */}
          <Show when={tools()}>
          <Show when={!phone()} fallback={
            <>
              <section class="review-section" aria-labelledby="review-section-plan">
                <h2 id="review-section-plan">Movements</h2>
                {movements()}
              </section>
              <section class="review-section" aria-labelledby="review-section-findings">
                <h2 id="review-section-findings">IPR and findings</h2>
                {findings()}
              </section>
              <section class="review-section" aria-labelledby="review-section-comments">
                <h2 id="review-section-comments">Comments{review.comments().length > 0 ? ` (${review.comments().length})` : ''}</h2>
                <CommentsPanel review={review} plan={plan} onWritten={props.onWritten} />
              </section>
              <details class="review-section review-record">
                <summary>Record</summary>
                <AuditPanel caseId={props.record.id} />
              </details>
            </>
          }>
            <TabList label="Review sections" class="plan-tabs" selected={tab()} onSelect={setTab}
              tabs={TABS.map((t) => ({ id: t.id, testId: `review-tab-${t.id}`, label: <>{t.label}{t.id === 'comments' && review.comments().length > 0 ? ` (${review.comments().length})` : ''}</> }))} />
            <Switch>
              <Match when={tab() === 'comments'}><CommentsPanel review={review} plan={plan} onWritten={props.onWritten} /></Match>
              <Match when={tab() === 'plan'}>{movements()}</Match>
              <Match when={tab() === 'findings'}>{findings()}</Match>
              <Match when={tab() === 'record'}><AuditPanel caseId={props.record.id} /></Match>
            </Switch>
          </Show>
          </Show>
        </div>
      </div>
      <div class="work-main">
        {/* The doctor opened the plan: the scans are not drawn on the way to it, and the stage bar
            keeps its place meanwhile, so the view is not resized (a full redraw) when the plan comes. */}
        <Viewport meshes={props.meshes} loading={props.loading} plan={plan} readOnly commentMarks={review.commentCounts()}
          hold={!shown() && phase() !== 'error'} onRendered={rendered} onPlanDrawn={props.onPlanDrawn} />
        <StageBar plan={plan} disabled={!shown()} />
      </div>
      <Switch>
        <Match when={dialog() === 'approve'}>
          <ApproveDialog review={review} planLine={planLine()} onClose={() => setDialog(null)} onDone={done} />
        </Match>
        <Match when={dialog() === 'request'}>
          <RequestChangesDialog review={review} onClose={() => setDialog(null)} onDone={done} />
        </Match>
      </Switch>
    </div>
  );
}
