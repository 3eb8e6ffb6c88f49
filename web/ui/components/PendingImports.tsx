// Imported arches waiting to be added, and the problems an import found, each naming its file.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import type { Jaw } from '../../core/types.ts';
import type { Numbering } from '../../geometry/import/index.ts';
import type { CaseWorkspace } from '../state/workspace.ts';
import { formatCount, formatSizeMm, unitConversionLabel } from '../format.ts';

const FORMAT_NAMES: Record<string, string> = {
  'stl-binary': 'STL (binary)', 'stl-ascii': 'STL (text)', 'ply-binary': 'PLY (binary)', 'ply-ascii': 'PLY (text)', obj: 'OBJ',
};

export function PendingImports(props: { workspace: CaseWorkspace }): JSX.Element {
  const ws = props.workspace;
  return (
    <>
      <For each={ws.state.problems}>
        {(p) => (
          <div class="import-error" data-testid="import-error" data-code={p.code} role="alert">
            <p>{p.message}</p>
            <button type="button" class="import-error-close" aria-label={`Dismiss the message about ${p.fileName}`}
              title="Dismiss" onClick={() => ws.dismissProblem(p.id)}>×</button>
            <Show when={p.unitGuess}>
              {(g) => (
                <button type="button" class="btn small" data-testid="convert-units" onClick={() => void ws.convertUnits(p.id)}>
                  {unitConversionLabel(g())}
                </button>
              )}
            </Show>
          </div>
        )}
      </For>

      <Show when={ws.state.pending.length > 0}>
        <div class="pending">
          <h3>Ready to add</h3>
          <ul>
            <For each={ws.state.pending}>
              {(p) => (
                <li class="pending-arch" data-testid="pending-arch">
                  <div class="pending-main">
                    <span class="pending-files">{p.sourceFiles.join(' + ')}</span>
                    <span class="pending-meta">
                      {FORMAT_NAMES[p.format] ?? p.format} · {formatCount(p.triangles)} triangles · {formatSizeMm(p.sizeMm)}
                      {p.unitScale !== 1 ? ` · scaled ×${p.unitScale}` : ''}
                    </span>
                    <span class="pending-meta">
                      {p.teeth.length ? `Teeth: ${p.teeth.join(' ')}` : 'Not segmented'}
                    </span>
                    <Show when={p.numbering}>
                      {(n) => <span class="pending-meta" data-testid="pending-numbering">{n().message}</span>}
                    </Show>
                  </div>
                  <Show when={p.numbering?.eitherWay}>
                    {/* The numbers read both ways: the planner says which, and the set is read again. */}
                    <label class="jaw-choice">
                      <span class="sr-only">Tooth numbering of {p.sourceFiles.join(' + ')}</span>
                      <select data-testid="tooth-files-numbering" classList={{ required: p.numbering?.chosen === null }} value={p.numbering?.chosen ?? ''}
                        disabled={ws.state.progress !== null}
                        onChange={(e) => void ws.setPendingNumbering(p.id, e.currentTarget.value as Numbering)}>
                        <option value="" disabled>FDI or Universal?</option>
                        <option value="fdi">FDI (11-48)</option>
                        <option value="universal">Universal (1-32)</option>
                      </select>
                    </label>
                  </Show>
                  <label class="jaw-choice">
                    <span class="sr-only">Jaw for {p.sourceFiles.join(' + ')}</span>
                    <select data-testid="jaw-select" classList={{ required: p.jaw === null }} value={p.jaw ?? ''}
                      onChange={(e) => ws.setPendingJaw(p.id, (e.currentTarget.value || null) as Jaw | null)}>
                      <option value="" disabled>Upper or lower?</option>
                      <option value="upper">Upper</option>
                      <option value="lower">Lower</option>
                    </select>
                  </label>
                  <button type="button" class="btn small ghost" aria-label={`Discard ${p.sourceFiles.join(' + ')}`} onClick={() => ws.discardPending(p.id)}>Discard</button>
                </li>
              )}
            </For>
          </ul>
          <Show when={ws.state.message}><p class="inline-error" role="alert">{ws.state.message}</p></Show>
          <button type="button" class="btn primary" data-testid="import-confirm" disabled={ws.state.saving} onClick={() => void ws.addToCase()}>
            {ws.state.saving ? 'Saving…' : 'Add to case'}
          </button>
        </div>
      </Show>
      <Show when={ws.state.pending.length === 0 && ws.state.message}>
        <p class="inline-error" role="alert">{ws.state.message}</p>
      </Show>
    </>
  );
}
