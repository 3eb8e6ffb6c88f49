// The case's records: the arches it holds, and the scan drop zone / file picker. Dropped
// files are parsed in the worker; results wait in a pending list until the user has
// said which jaw each one is and pressed "Add to case".
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { JAWS } from '../../core/types.ts';
import type { CaseRecord, Jaw } from '../../core/types.ts';
import { fileSource } from '../state/workspace.ts';
import type { CaseWorkspace } from '../state/workspace.ts';
import type { SegmentationStore } from '../state/segmentation.ts';
import { formatCount } from '../format.ts';
import { PendingImports } from './PendingImports.tsx';

const ACCEPT = '.stl,.ply,.obj,.json';

export function RecordsPanel(props: { record: CaseRecord; workspace: CaseWorkspace; segmentation?: SegmentationStore }): JSX.Element {
  const ws = props.workspace;
  const [dragging, setDragging] = createSignal(false);
  let dragDepth = 0;

  function take(files: FileList | null | undefined) {
    if (!files || files.length === 0) return;
    void ws.importScans([...files].map(fileSource));
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    dragDepth = 0;
    setDragging(false);
    take(e.dataTransfer?.files);
  };

  return (
    <section class="records" aria-label="Records"
      onDragEnter={(e) => { e.preventDefault(); dragDepth++; setDragging(true); }}
      onDragOver={(e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; }}
      onDragLeave={() => { dragDepth = Math.max(0, dragDepth - 1); if (dragDepth === 0) setDragging(false); }}
      onDrop={onDrop}>
      <h2>Records</h2>
      <ul class="arch-records">
        <For each={JAWS}>
          {(jaw) => (
            <li class="arch-record" data-jaw={jaw}>
              <span class="arch-jaw">{jaw === 'upper' ? 'Upper arch' : 'Lower arch'}</span>
              <Show when={props.record.arches[jaw]} fallback={<span class="muted">No scan yet</span>}>
                {(a) => (
                  <>
                    <span class="arch-summary" title={a().sourceFiles.join(', ')}>{a().sourceFiles.join(', ')}</span>
                    <span class="arch-summary">
                      {formatCount(a().triangleCount)} triangles · {a().teeth.length ? `${a().teeth.length} teeth` : 'not segmented'}
                    </span>
                    <Show when={props.segmentation}>
                      {(seg) => <SegmentArch jaw={jaw} seg={seg()} raw={a().teeth.length === 0} loaded={!!ws.meshes()[jaw]} />}
                    </Show>
                  </>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>

      <label class="drop-zone" classList={{ dragging: dragging() }}>
        <input type="file" multiple accept={ACCEPT} data-testid="scan-input"
          onChange={(e) => { take(e.currentTarget.files); e.currentTarget.value = ''; }} />
        <span class="drop-title">Drop scans here or <span class="link-text">choose files</span></span>
        <span class="drop-hint">STL, PLY or OBJ in millimetres · OBJ + labels JSON · per-tooth files (e.g. 11.stl)</span>
      </label>

      <Show when={ws.state.progress}>
        {(p) => (
          <div class="import-progress" data-testid="import-progress" role="status">
            <progress max="1" value={p().fraction} />
            <span>{p().stage} · {Math.round(p().fraction * 100)}%</span>
          </div>
        )}
      </Show>

      <PendingImports workspace={ws} />
    </section>
  );
}

/** "Segment teeth" on a raw arch, and the segmentation's status line and warnings. */
function SegmentArch(props: { jaw: Jaw; seg: SegmentationStore; raw: boolean; loaded: boolean }): JSX.Element {
  const arch = () => props.seg.state.arches[props.jaw];
  const canRun = () => props.raw && props.loaded && arch().phase !== 'ready' && arch().phase !== 'running';
  return (
    <>
      <Show when={canRun()}>
        <button type="button" class="btn small primary segment-btn" data-testid="segment-arch" data-jaw={props.jaw}
          disabled={props.seg.state.busy} onClick={() => void props.seg.segment(props.jaw)}>Segment teeth</button>
      </Show>
      <Show when={arch().status}>
        <span class="segment-status" classList={{ failed: arch().phase === 'failed' }} data-testid="segment-status"
          data-jaw={props.jaw} data-phase={arch().phase} role="status">{arch().status}</span>
      </Show>
      <For each={arch().warnings}>
        {(w) => <span class="segment-warning" data-testid="segment-warning" role="alert">Check: {w}</span>}
      </For>
    </>
  );
}
