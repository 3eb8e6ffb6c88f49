// The open case: its details, its records (scan import) and the 3D view of its arches.
// Made fresh for each case id, so nothing leaks from one patient to the next.
import { Show, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';
import { createCaseWorkspace } from '../state/workspace.ts';
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

  onMount(() => void workspace.loadArches());

  return (
    <Show when={record()}>
      {(c) => (
        <div class="case-view">
          <CaseDetails record={c()} />
          <div class="case-work">
            <RecordsPanel record={c()} workspace={workspace} />
            <Viewport meshes={workspace.meshes()} loading={workspace.state.loading} />
          </div>
        </div>
      )}
    </Show>
  );
}
