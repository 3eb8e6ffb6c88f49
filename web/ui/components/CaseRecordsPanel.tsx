// The case's photographs, radiographs and notes, under its scans: add files (choose or drop),
// say what each one is (guessed from its name where obvious), write a note, see thumbnails,
// open one in the viewer, remove with a confirm; and the checklist of the records the case's
// protocol requires, each present or missing (the scans counted from the case's arches).
import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { protocolHash } from '../../core/protocol-document.ts';
import type { ProtocolRef } from '../../core/protocol-ref.ts';
import { presentRecordKinds, recordChecklist, requiredRecordsFor } from '../../core/record-checklist.ts';
import { RECORD_KINDS, recordKindLabel, type RecordKind } from '../../core/record-kinds.ts';
import type { CaseRecord, Jaw } from '../../core/types.ts';
import { RECORD_ACCEPT } from '../../exchange/record-files.ts';
import type { CaseRecordFile } from '../../store/case-records.ts';
import { useStudio } from '../context.ts';
import { browserImages, createCaseRecordsStore, pictureOf } from '../state/case-records.ts';
import { formatBytes } from '../format.ts';

/** Kinds a file can be tagged with: every kind but the scans (arches) and notes (typed). */
const FILE_KINDS = RECORD_KINDS.filter((r) => r.group !== 'scan' && r.group !== 'notes');

/** `onChanged`: a record was added or removed (the case view settles the case's status then). */
export function CaseRecordsPanel(props: { record: CaseRecord; protocolRef: () => ProtocolRef | undefined; onChanged?: () => void }): JSX.Element {
  const studio = useStudio();
  const store = createCaseRecordsStore({ caseId: props.record.id, repo: studio.services.records, onChanged: () => { void studio.storage.refresh(); props.onChanged?.(); } });
  onMount(() => void store.load());
  onCleanup(() => store.dispose());
  const [note, setNote] = createSignal('');
  const [viewing, setViewing] = createSignal<CaseRecordFile | null>(null);
  const [dragging, setDragging] = createSignal(false);

  const required = createMemo(() => requiredRecordsFor(props.protocolRef(), studio.protocols.documents(), protocolHash));
  const checklist = createMemo(() => recordChecklist(required().required,
    presentRecordKinds(Object.keys(props.record.arches) as Jaw[], store.records().map((r) => r.recordKind))));
  const missing = () => checklist().filter((i) => !i.present).length;
  async function take(list: FileList | null | undefined) {
    if (!list || list.length === 0) return;
    store.take(await Promise.all([...list].map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() }))));
  }

  async function remove(r: CaseRecordFile) {
    const ok = await studio.confirm.ask({
      title: `Remove ${recordKindLabel(r.recordKind).toLowerCase()}?`,
      message: `${r.fileName || 'This note'} is removed from the case. The audit trail keeps that it was added and removed.`,
      confirmLabel: 'Remove', confirmTestId: 'confirm-remove-record', danger: true,
    });
    if (ok) await store.remove(r.id);
  }

  return (
    <section class="records case-records" aria-label="Photos, radiographs and notes" data-testid="case-records">
      <h2>Photos, radiographs and notes</h2>

      <label class="drop-zone" classList={{ dragging: dragging() }}
        onDragEnter={(e) => { e.preventDefault(); setDragging(true); }}
        onDragOver={(e) => { e.preventDefault(); e.stopPropagation(); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); e.stopPropagation(); setDragging(false); void take(e.dataTransfer?.files); }}>
        <input type="file" multiple accept={RECORD_ACCEPT} data-testid="record-input"
          onChange={(e) => { const input = e.currentTarget; void take(input.files).finally(() => { input.value = ''; }); }} />
        <span class="drop-title">Drop photos or radiographs here or <span class="link-text">choose files</span></span>
        <span class="drop-hint">JPEG or PNG photos · PNG, JPEG or DICOM (.dcm) radiographs · up to 50 MB each</span>
      </label>

      <Show when={store.error()}>
        <div class="import-error" role="alert" data-testid="record-error">
          <p>{store.error()}</p>
          <button type="button" class="import-error-close" aria-label="Dismiss" onClick={() => store.clearError()}>×</button>
        </div>
      </Show>

      <Show when={store.pending().length > 0}>
        <div class="pending" data-testid="record-pending">
          <ul>
            <For each={store.pending()}>
              {(p) => (
                <li class="pending-record">
                  <span class="pending-name" title={p.fileName}>{p.fileName}</span>
                  <select aria-label={`What ${p.fileName} shows`} data-testid="record-kind" value={p.kind}
                    onChange={(e) => store.setPendingKind(p.key, e.currentTarget.value as RecordKind | '')}>
                    <option value="">Choose what it shows…</option>
                    <For each={FILE_KINDS}>{(k) => <option value={k.kind}>{k.label}</option>}</For>
                  </select>
                  <button type="button" class="btn small ghost" aria-label={`Drop ${p.fileName}`} onClick={() => store.dropPending(p.key)}>Drop</button>
                </li>
              )}
            </For>
          </ul>
          <button type="button" class="btn primary small" data-testid="record-add" disabled={store.busy() || store.pending().some((p) => p.kind === '')}
            onClick={() => void store.addPending()}>Add to case</button>
        </div>
      </Show>

      <form class="record-note" onSubmit={(e) => { e.preventDefault(); void store.addNote(note()).then((ok) => ok && setNote('')); }}>
        <textarea rows="2" placeholder="Add a clinical note…" aria-label="Clinical note" data-testid="record-note-text"
          value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
        <button type="submit" class="btn small" data-testid="record-note-add" disabled={store.busy() || note().trim() === ''}>Add note</button>
      </form>

      <Show when={store.records().length > 0} fallback={<p class="muted small-text" data-testid="records-empty">No photos, radiographs or notes yet.</p>}>
        <ul class="record-grid" data-testid="record-grid">
          <For each={store.records()}>
            {(r) => (
              <li class="record-card" data-testid="record-card" data-kind={r.recordKind}>
                <button type="button" class="record-open" data-testid="record-open" aria-label={`Open ${recordKindLabel(r.recordKind)}${r.fileName ? ` (${r.fileName})` : ''}`}
                  onClick={() => setViewing(r)}>
                  <Show when={store.thumbs()[r.id]} fallback={<span class="record-thumb placeholder">{r.mediaType === 'text/plain' ? 'Note' : r.mediaType === 'application/dicom' ? 'DICOM' : '…'}</span>}>
                    {(url) => <img class="record-thumb" src={url()} alt="" data-testid="record-thumb" />}
                  </Show>
                  <span class="record-kind">{recordKindLabel(r.recordKind)}</span>
                </button>
                <button type="button" class="record-remove" data-testid="record-remove" aria-label={`Remove ${recordKindLabel(r.recordKind)}`} onClick={() => void remove(r)}>×</button>
              </li>
            )}
          </For>
        </ul>
      </Show>

      <div class="record-checklist" data-testid="record-checklist">
        <h3>Required records <span class="muted">({required().source}{missing() ? `: ${missing()} missing` : ': complete'})</span></h3>
        <ul>
          <For each={checklist()}>
            {(item) => (
              <li classList={{ present: item.present, missing: !item.present }} data-testid="checklist-item" data-kind={item.kind} data-present={String(item.present)}>
                <span class="check-mark" aria-hidden="true">{item.present ? '✓' : '○'}</span>
                {recordKindLabel(item.kind)}<span class="visually-hidden">{item.present ? ': present' : ': missing'}</span>
              </li>
            )}
          </For>
        </ul>
      </div>

      <RecordViewer record={viewing()} caseId={props.record.id} onClose={() => setViewing(null)} />
    </section>
  );
}

/** One record at fit size in a native modal dialog: Escape and the Close button close it. */
function RecordViewer(props: { record: CaseRecordFile | null; caseId: string; onClose: () => void }): JSX.Element {
  const studio = useStudio();
  let dialog!: HTMLDialogElement;
  const [url, setUrl] = createSignal('');
  const [text, setText] = createSignal('');
  let shown: string | null = null;
  const release = () => {
    if (url()) browserImages.revoke(url());
    setUrl('');
    setText('');
  };
  onCleanup(release);
  const open = async (r: CaseRecordFile) => {
    shown = r.id;
    release();
    if (!dialog.open) dialog.showModal();
    const { bytes } = await studio.services.records.load(props.caseId, r.id);
    if (shown !== r.id) return;
    if (r.mediaType === 'text/plain') return setText(new TextDecoder().decode(bytes));
    const { picture, notShown } = pictureOf(bytes, r.mediaType);
    if (!picture) return setText(notShown ?? '');
    const made = await browserImages.fullUrl(picture);
    if (shown === r.id) setUrl(made);
    else browserImages.revoke(made);
  };
  const close = () => {
    shown = null;
    release();
    if (dialog.open) dialog.close();
    props.onClose();
  };
  // Opened when a record is chosen; the same record chosen again reopens it.
  createEffect(on(() => props.record, (r) => {
    if (r) void open(r);
  }));
  return (
    <dialog class="record-viewer" ref={dialog} aria-labelledby="record-viewer-title" data-testid="record-viewer"
      onCancel={(e) => { e.preventDefault(); close(); }}>
      <Show when={props.record}>
        {(r) => (
          <div class="record-viewer-body">
            <header>
              <h2 id="record-viewer-title">{recordKindLabel(r().recordKind)}</h2>
              <span class="muted">{[r().fileName, r().width && r().height ? `${r().width} × ${r().height}` : '', formatBytes(r().size), `added by ${r().addedBy.name}`].filter(Boolean).join(' · ')}</span>
              <button type="button" class="btn small" data-testid="record-viewer-close" onClick={close}>Close</button>
            </header>
            <Show when={url()} fallback={<p class="record-viewer-text" data-testid="record-viewer-text">{text()}</p>}>
              <img class="record-viewer-image" src={url()} alt={`${recordKindLabel(r().recordKind)}${r().fileName ? `, ${r().fileName}` : ''}`} data-testid="record-viewer-image" />
            </Show>
          </div>
        )}
      </Show>
    </dialog>
  );
}
