// The open case: its details, its records (scan import), its treatment plan and the 3D
// view of its arches. Made fresh for each case id, so nothing leaks from one patient to the
// next. Editing, three tabs share the viewport: Scans (import, segmentation), Plan (setup,
// staging, findings, the doctor's review) and Record (the audit trail). The plan opens in the
// background as soon as every arch is loaded and segmented, so its tab is ready when the
// planner gets there; otherwise when first shown. In review (a doctor, or a package opened
// from a link) the case shows the doctor's screen instead, with no editing tools at all.
import { Show, createEffect, createMemo, createSignal, on, onCleanup, onMount, untrack } from 'solid-js';
import { JAWS } from '../../core/types.ts';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';
import { createCaseWorkspace } from '../state/workspace.ts';
import { createSegmentationStore } from '../state/segmentation.ts';
import { SegmentationPanel } from './SegmentationPanel.tsx';
import { CaseDetails } from './CaseDetails.tsx';
import { RecordsPanel } from './RecordsPanel.tsx';
import { CaseRecordsPanel } from './CaseRecordsPanel.tsx';
import { Viewport } from '../viewport/Viewport.tsx';
import type { CaseRecord, Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { createPlanSession } from '../state/plan-session.ts';
import { qaGateForSending } from '../state/qa-gate.ts';
import { moveIfRecordsComplete } from '../state/records-move.ts';
import { createUnloadGuard, segmentationWork } from '../state/unload-guard.ts';
import { PlanPanel } from './plan/PlanPanel.tsx';
import { StageBar } from './plan/StageBar.tsx';
import { createMeshHashes } from '../state/mesh-hashes.ts';
import { createReviewStore } from '../state/review.ts';
import { ReviewView } from './review/ReviewView.tsx';
import { PlanReview } from './review/PlanReview.tsx';
import { sessionSummary } from './review/plan-summary.ts';
import { ReportButtons, reportReady, reportRequest } from './report/ReportButtons.tsx';
import { SharePanel } from './share/SharePanel.tsx';
import { AuditStatus } from './audit/AuditStatus.tsx';
import { AuditPanel } from './audit/AuditPanel.tsx';
import { TabList, type TabItem } from './TabList.tsx';
import { afterNextFrame, createFirstPlanFrame } from '../state/first-plan-frame.ts';

/** The same labels, element for element (a restored segmentation that changed nothing). */
function sameLabels(a: Uint8Array, b: Uint8Array | null): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type CaseTab = 'scans' | 'plan' | 'record';
const CASE_TABS: readonly TabItem<CaseTab>[] = [
  { id: 'scans', label: 'Scans', testId: 'tab-scans' },
  { id: 'plan', label: 'Plan', testId: 'tab-plan' },
  { id: 'record', label: 'Record', testId: 'tab-record' },
];

export function CaseView(props: { caseId: string }): JSX.Element {
  const studio = useStudio();
  const planFrame = createFirstPlanFrame();
  const { library, confirm } = studio;
  // Edits of this case still waiting for their autosave are written when the tab is hidden or closed.
  const guard = createUnloadGuard(window);
  onCleanup(() => guard.dispose());
  const record = () => library.state.cases.find((c) => c.id === props.caseId);
  const workspace = createCaseWorkspace({
    caseId: props.caseId,
    repo: studio.services.cases,
    importer: studio.services.importer,
    currentCase: record,
    shelf: studio.meshShelf,
    onCaseSaved: (r) => {
      library.upsert(r);
      void studio.storage.refresh();
    },
    confirmReplace: (jaws) => confirm.ask({
      title: `Replace the ${jaws.join(' and ')} arch${jaws.length > 1 ? 'es' : ''}?`,
      message: `This case already has ${jaws.length > 1 ? 'these arches' : `an ${jaws[0]} arch`}. The new scan replaces it; the old mesh is removed.`,
      confirmLabel: 'Replace',
      confirmTestId: 'confirm-replace',
      danger: true,
    }),
  });

  // A record a package import just stored is read from the shelf, not back from storage.
  const loadSegmentation = (caseId: string, jaw: Jaw): Promise<ArrayBuffer | undefined> => {
    const blobId = record()?.arches[jaw]?.segmentationBlobId;
    const shelved = blobId === undefined ? undefined : studio.meshShelf.segmentation(caseId, blobId);
    return shelved ? Promise.resolve(shelved) : studio.services.cases.loadSegmentation(caseId, jaw);
  };
  // The package's records are this case's: they go when its view does.
  onCleanup(() => studio.meshShelf.release(props.caseId));
  const segmentation = createSegmentationStore({
    caseId: props.caseId,
    repo: { ...studio.services.cases, loadSegmentation },
    client: studio.services.segmenter,
    currentCase: record,
    mesh: (jaw) => workspace.meshes()[jaw],
    onCaseSaved: (r) => {
      library.upsert(r);
      void studio.storage.refresh();
    },
  });
  onCleanup(() => segmentation.dispose());
  guard.register(segmentationWork(segmentation));
  for (const jaw of JAWS) {
    // A replaced scan has other vertices: its old segmentation must not colour it.
    createEffect(on(() => workspace.meshes()[jaw], (mesh, previous) => {
      if (previous && mesh !== previous) segmentation.forget(jaw);
    }));
  }

  // Saved segmentations open once their scans are loaded.
  const [archesLoaded, setArchesLoaded] = createSignal(false);
  const [scansLoaded, setScansLoaded] = createSignal(false);
  onMount(() => void workspace.loadArches().finally(() => setArchesLoaded(true)));

  // The plan works on labelled arches: labels from a segmentation made here win over the
  // labels a scan came with. A memo per jaw keeps the other arch's object as it was.
  const labelled = Object.fromEntries(JAWS.map((jaw) => [jaw, createMemo(() => {
    const mesh = workspace.meshes()[jaw];
    const labels = segmentation.labels()[jaw];
    if (!mesh) return undefined;
    if (!labels || labels.length * 3 !== mesh.positions.length || sameLabels(labels, mesh.labels)) return mesh;
    return { ...mesh, labels };
  })])) as Record<Jaw, () => LabelledMesh | undefined>;
  const arches = createMemo(() => {
    const out: Partial<Record<Jaw, LabelledMesh>> = {};
    for (const jaw of JAWS) {
      const m = labelled[jaw]();
      if (m) out[jaw] = m;
    }
    return out;
  });
  const plan = createPlanSession({
    caseId: props.caseId,
    // The working plan a package import just stored is taken from the shelf, once.
    plans: {
      ...studio.services.plans,
      openWorking: (id) => Promise.resolve(studio.meshShelf.takeWorking(id) ?? studio.services.plans.openWorking(id)),
      // Saving the first plan that moves teeth moves the case to planning, in the store: the
      // case as listed is read again, or its status field would offer moves from where it was.
      saveWorking: async (id, p, basedOn) => {
        const revision = await studio.services.plans.saveWorking(id, p, basedOn);
        const stored = await studio.services.cases.get(id);
        if (stored && stored.status !== record()?.status) library.upsert(stored);
        return revision;
      },
    },
    settings: studio.services.settings,
    planner: studio.services.planner,
    engine: studio.services.engine.forCase(props.caseId),
    arches,
    // A nudge of the axes still waiting for its autosave is saved first, so the plan has it.
    // The engine's work waits for the view's first frame of the plan, where a view shows it.
    drawn: () => (planShown() ? planFrame.wait() : afterNextFrame()),
    savedSegmentation: (jaw) => segmentation.save(jaw).then(() => loadSegmentation(props.caseId, jaw)),
    changes: studio.services.changes,
  });
  onCleanup(() => plan.dispose());
  guard.register(plan);
  const reviewing = () => library.state.openMode === 'review';
  const [tab, setTab] = createSignal<CaseTab>('scans');
  const planShown = () => reviewing() || tab() === 'plan';

  // The review of this case: what the approval is bound to is the working plan once it is
  // loaded (the session starts from a placeholder) and the stored scans' content hashes.
  const placeholder = plan.plan();
  const meshHashes = createMeshHashes(() => workspace.meshes(), archesLoaded, workspace.knownHash);
  const review = createReviewStore({
    caseId: props.caseId,
    services: studio.services,
    plan: () => (plan.plan() === placeholder ? undefined : plan.plan()),
    meshHashes,
    knownKeys: () => studio.profile.state.knownKeys,
    revision: () => record()?.updatedAt,
  });
  // Comments and decisions are written through the review store: the list (and the audit
  // panel, which follows the record) take the case's new record.
  const written = () => void studio.services.cases.get(props.caseId).then((r) => r && library.upsert(r), () => undefined);
  // A plan changed after approval is no longer approved: the case goes back to planning (an
  // audited status change), so the library never lists a void approval as "Approved".
  let reopening = false;
  createEffect(() => {
    if (reviewing() || reopening || review.approvalState() !== 'void' || record()?.status !== 'approved') return;
    reopening = true;
    studio.services.cases.moveStatus(props.caseId, { work: 'approval-void' }, 'approved')
      .then((r) => library.upsert(r), () => undefined)
      .finally(() => { reopening = false; });
  });
  // Records complete is the work's move whichever tab is open: the checklist is read again from
  // storage whenever the case's scans, records or protocol may have changed (a package brought
  // the last photograph, a scan came in, a record was added on the Scans tab).
  const [recordsTouched, touchRecords] = createSignal(0);
  createEffect(on(() => [record()?.status, Object.keys(record()?.arches ?? {}).join(), recordsTouched(), plan.plan().protocolRef?.hash, studio.protocols.documents()], () => {
    const r = untrack(record);
    if (!r) return;
    void moveIfRecordsComplete(studio.services, r, untrack(studio.protocols.documents))
      .then((moved) => { if (moved) library.upsert(moved); }, () => undefined);
  }));
  // The lab taking printable models of the approved plan is manufacturing starting (an approved
  // case only: the pipeline leaves any other where it is).
  const modelsSaved = () => {
    const r = record();
    if (r) void studio.services.cases.moveStatus(r.id, { work: 'manufacturing-started' }, r.status).then((moved) => library.upsert(moved), () => undefined);
  };
  const summary = () => sessionSummary(plan);
  // A case package carries the report of its plan as computed (left out while it is not).
  const reportForPackage = async (r: CaseRecord) => {
    const maker = studio.services.reports;
    if (!maker || !reportReady(plan, review)) return undefined;
    const made = await maker.make(await reportRequest({ record: r, plan, review, audit: studio.services.audit, paper: 'a4' }));
    return { pdf: made.pdf, csvs: made.csvs };
  };
  // The protocol's QA gate before the plan leaves for the doctor (none for a plan under no protocol document).
  const qaForSending = () => qaGateForSending({
    plan, protocols: studio.protocols.documents(), jaws: JAWS.filter((j) => record()?.arches[j]),
    records: () => studio.services.records.list(props.caseId).then((list) => list.map((r) => r.recordKind)),
  });
  // Opened once, with every scan and saved segmentation in: preparing half-loaded arches
  // would only be marked stale a moment later.
  let planOpened = false;
  const allSegmented = () => {
    const a = arches();
    const present = JAWS.filter((j) => a[j]);
    return present.length > 0 && present.every((j) => a[j]!.labels?.some((l) => l !== 0));
  };
  // Scans that carry their tooth labels (a labelled import, a package) can be planned before
  // the segmentation sessions reopen, which only the Scans tab needs (seconds on a real arch);
  // a restored segmentation that labels them the same leaves the plan as it is.
  const readyToPlan = () => scansLoaded() || (archesLoaded() && untrack(allSegmented));
  // Reopening the segmentation sessions is for the Scans tab: a reviewer of labelled scans
  // never needs it, and it would take the CPU from the plan; switching to the editor opens them.
  let restoring = false;
  createEffect(() => {
    if (!archesLoaded() || restoring || (reviewing() && untrack(allSegmented))) return;
    restoring = true;
    void segmentation.restore().finally(() => setScansLoaded(true));
  });
  createEffect(() => {
    if (!readyToPlan() || planOpened) return;
    if (planShown() || untrack(allSegmented)) {
      planOpened = true;
      void plan.open();
    }
  });
  // Prepared in the background from arches that changed before the planner ever saw a
  // plan: showing the tab refreshes it, rather than offering a stale plan at first sight.
  let planSeen = false;
  createEffect(() => {
    if (!planShown()) return;
    const phase = plan.state.phase;
    if (phase === 'ready') planSeen = true;
    // A reviewer cannot refresh a stale plan by editing: it is prepared again at once.
    else if (phase === 'stale' && (!planSeen || reviewing())) void plan.prepare();
  });

  return (
    <Show when={record()}>
      {(c) => (
        <div class="case-view" classList={{ planning: planShown(), reviewing: reviewing() }} data-testid="case-view"
          data-plan-phase={plan.state.phase} data-mode={reviewing() ? 'review' : 'edit'}>
          <CaseDetails record={c()} guard={guard} readOnly={reviewing()}
            actions={<Show when={!reviewing()}><SharePanel caseId={props.caseId} record={c()} summary={summary} kind="case" report={() => reportForPackage(c())} qa={qaForSending} /><ReportButtons record={c()} plan={plan} review={review} /></Show>} />
          <AuditStatus caseId={props.caseId} />
          <Show when={!reviewing()} fallback={
            <ReviewView record={c()} plan={plan} review={review} meshes={arches()} loading={workspace.state.loading} onWritten={written} onPlanDrawn={planFrame.drawn} />
          }>
            <div class="case-work" classList={{ planning: planShown() || tab() === 'record' }}>
              <div class="work-side">
                <TabList label="Case work" class="case-tabs" selected={planShown() ? 'plan' : tab()} onSelect={setTab} tabs={CASE_TABS} />
                <Show when={tab() === 'scans'}>
                  <RecordsPanel record={c()} workspace={workspace} segmentation={segmentation} />
                  <SegmentationPanel seg={segmentation} />
                  <CaseRecordsPanel record={c()} protocolRef={() => plan.plan().protocolRef} onChanged={() => touchRecords((n) => n + 1)} />
                </Show>
                <Show when={planShown()}>
                  <PlanReview review={review} plan={plan} onWritten={written} />
                  <PlanPanel plan={plan} caseLabel={c().pseudonym} onModelsSaved={modelsSaved} />
                </Show>
                <Show when={tab() === 'record'}>
                  <AuditPanel caseId={props.caseId} />
                </Show>
              </div>
              <div class="work-main">
                <Viewport meshes={workspace.meshes()} loading={workspace.state.loading} seg={segmentation} plan={planShown() ? plan : undefined}
                  commentMarks={review.commentCounts()} onPlanDrawn={planFrame.drawn} />
                <Show when={planShown() && (plan.state.phase === 'ready' || plan.state.phase === 'stale')}>
                  <StageBar plan={plan} />
                </Show>
              </div>
            </div>
          </Show>
        </div>
      )}
    </Show>
  );
}
