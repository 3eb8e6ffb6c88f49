// The open case: its details, its records (scan import) and the 3D view of its arches.
// Made fresh for each case id, so nothing leaks from one patient to the next.
import { Show, createEffect, on, onCleanup, onMount } from 'solid-js';
import { JAWS } from '../../core/types.ts';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';
import { createCaseWorkspace } from '../state/workspace.ts';
import { createSegmentationStore } from '../state/segmentation.ts';
import { SegmentationPanel } from './SegmentationPanel.tsx';
import { CaseDetails } from './CaseDetails.tsx';
import { RecordsPanel } from './RecordsPanel.tsx';
import { Viewport } from '../viewport/Viewport.tsx';

export function CaseView(props: { caseId: string }): JSX.Element {
  const studio = useStudio();
  const { library, confirm } = studio;
  const record = () => library.state.cases.find((c) => c.id === props.caseId);
  const workspace = createCaseWorkspace({
    caseId: props.caseId,
    repo: studio.services.cases,
    importer: studio.services.importer,
    currentCase: record,
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

  const segmentation = createSegmentationStore({
    caseId: props.caseId,
    repo: studio.services.cases,
    client: studio.services.segmenter,
    currentCase: record,
    mesh: (jaw) => workspace.meshes()[jaw],
    onCaseSaved: (r) => {
      library.upsert(r);
      void studio.storage.refresh();
    },
  });
  onCleanup(() => segmentation.dispose());
  for (const jaw of JAWS) {
    // A replaced scan has other vertices: its old segmentation must not colour it.
    createEffect(on(() => workspace.meshes()[jaw], (mesh, previous) => {
      if (previous && mesh !== previous) segmentation.forget(jaw);
    }));
  }

  // Saved segmentations open once their scans are loaded.
  onMount(() => void workspace.loadArches().then(() => segmentation.restore()));

  return (
    <Show when={record()}>
      {(c) => (
        <div class="case-view">
          <CaseDetails record={c()} />
          <div class="case-work">
            <div class="work-side">
              <RecordsPanel record={c()} workspace={workspace} segmentation={segmentation} />
              <SegmentationPanel seg={segmentation} />
            </div>
            <Viewport meshes={workspace.meshes()} loading={workspace.state.loading} seg={segmentation} />
          </div>
        </div>
      )}
    </Show>
  );
}
