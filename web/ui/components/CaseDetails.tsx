// The case's own fields. Text saves itself shortly after typing stops (and on leaving the
// field). Each save names the values it was edited from, so a field
// another tab changed meanwhile is not overwritten: the planner is told and chooses. Fields
// this tab has not touched follow the other tab. The status moves along the case pipeline, by
// the work or by hand with a reason (StatusField.tsx). Duplicate and delete live here, next to the name,
// with what the case view adds (sharing). In review the fields are shown, not edited.
import { Show, createEffect, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { CaseFields, CaseRecord } from '../../core/types.ts';
import { useStudio } from '../context.ts';
import { StatusField } from './StatusField.tsx';
import type { UnloadGuard } from '../state/unload-guard.ts';
import { createDebouncedSave } from '../state/debounced-save.ts';

type TextField = 'pseudonym' | 'clinic' | 'doctor' | 'notes';
// The status is not edited here: it moves along the pipeline (StatusField.tsx).
type EditedField = TextField;
const EDITED: readonly EditedField[] = ['pseudonym', 'clinic', 'doctor', 'notes'];
const SAVE_DELAY_MS = 400;
type SaveState = { status: 'saved' | 'pending' | 'saving' | 'error' | 'conflict'; message: string | null };

export function CaseDetails(props: { record: CaseRecord; guard?: UnloadGuard; readOnly?: boolean; actions?: JSX.Element }): JSX.Element {
  const studio = useStudio();
  const { library, confirm, toasts } = studio;
  const id = props.record.id;
  // A local draft: the inputs never jump while the saved record catches up.
  const [draft, setDraft] = createStore<Pick<CaseFields, TextField>>({
    pseudonym: props.record.pseudonym, clinic: props.record.clinic, doctor: props.record.doctor, notes: props.record.notes,
  });
  const [save, setSave] = createSignal<SaveState>({ status: 'saved', message: null });
  // The stored values the draft was edited from.
  const seen: Pick<CaseFields, EditedField> = pickEdited(props.record);
  let dirty: Partial<CaseFields> = {};

  // An edit stays in `dirty` until it is on disk, so the fields never take another tab's value over it.
  async function writeDirty(): Promise<void> {
    const patch = { ...dirty };
    setSave({ status: 'saving', message: null });
    const base = Object.fromEntries(Object.keys(patch).map((k) => [k, seen[k as EditedField]])) as Partial<CaseFields>;
    const outcome = await library.saveFields(id, patch, base);
    if (outcome.status !== 'saved') return void setSave({ status: outcome.status, message: outcome.message });
    for (const k of Object.keys(patch) as EditedField[]) {
      Object.assign(seen, { [k]: outcome.record[k] });
      if (dirty[k] === patch[k]) delete dirty[k];
    }
    setSave(Object.keys(dirty).length > 0 ? { status: 'pending', message: null } : { status: 'saved', message: null });
  }

  const saver = createDebouncedSave(async () => {
    if (Object.keys(dirty).length === 0 || save().status === 'conflict') return;
    await writeDirty();
  }, SAVE_DELAY_MS);
  const flush = () => saver.now();
  onCleanup(() => void flush());
  const unregister = props.guard?.register({
    hasUnsaved: () => Object.keys(dirty).length > 0 || saver.busy(),
    flushForClose: () => void flush(),
  });
  onCleanup(() => unregister?.());

  // Another tab's change shows in every field this tab is not editing.
  createEffect(() => {
    const record = props.record;
    for (const k of EDITED) {
      if (k in dirty || record[k] === seen[k]) continue;
      Object.assign(seen, { [k]: record[k] });
      setDraft(k, record[k]);
    }
  });

  function edit(field: TextField, value: string) {
    setDraft(field, value);
    dirty = { ...dirty, [field]: value };
    if (save().status !== 'conflict') setSave({ status: 'pending', message: null });
    saver.schedule();
  }

  /** Out of a conflict: the other tab's values in the fields, this tab's edits dropped. */
  function loadTheirs() {
    saver.cancel();
    dirty = {};
    const record = props.record;
    Object.assign(seen, pickEdited(record));
    for (const k of EDITED) setDraft(k, record[k]);
    setSave({ status: 'saved', message: null });
  }

  /** Out of a conflict: this tab's edits saved over the other tab's. */
  async function keepMine() {
    Object.assign(seen, pickEdited(props.record));
    setSave({ status: 'pending', message: null });
    await flush();
  }

  async function duplicate() {
    await flush();
    const copy = await library.duplicate(id);
    if (copy) {
      toasts.show({ kind: 'info', message: `Duplicated as “${copy.pseudonym}”.` });
      void studio.storage.refresh();
    }
  }

  async function remove() {
    await flush();
    const name = props.record.pseudonym || 'this case';
    const yes = await confirm.ask({
      title: 'Delete this case?',
      message: `“${name}” and its scans will be removed from this browser. You can undo this right after.`,
      confirmLabel: 'Delete case',
      confirmTestId: 'confirm-delete',
      danger: true,
    });
    if (!yes) return;
    const deleted = await library.remove(id);
    if (!deleted) return;
    void studio.storage.refresh();
    toasts.show({
      kind: 'info',
      message: `Deleted “${name}”.`,
      action: { label: 'Undo', testId: 'undo-delete', run: async () => { await library.undoDelete(); void studio.storage.refresh(); } },
    }, 20_000);
  }

  const field = (name: TextField, label: string, placeholder: string, testId?: string) => (
    <label class="field">
      <span class="field-label">{label}</span>
      <input type="text" value={draft[name]} placeholder={placeholder} data-testid={testId} autocomplete="off" readOnly={props.readOnly}
        onInput={(e) => edit(name, e.currentTarget.value)} onBlur={() => void flush()} />
    </label>
  );

  return (
    <section class="case-details" aria-label="Case details">
      <div class="case-details-head">
        <h1 class="case-title">{draft.pseudonym || 'Unnamed patient'}</h1>
        <span class="save-state" aria-live="polite" data-testid="case-save-status" data-status={save().status}>{saveText(save())}</span>
        <div class="case-actions">
          {props.actions}
          <Show when={!props.readOnly}>
            <button type="button" class="btn" data-testid="duplicate-case" onClick={duplicate}>Duplicate</button>
          </Show>
          <button type="button" class="btn danger-outline" data-testid="delete-case" onClick={remove}>Delete</button>
        </div>
      </div>
      <Show when={save().status === 'conflict'}>
        <div class="inline-error case-conflict" role="alert" data-testid="case-conflict">
          <p>{save().message} Your change is still in the fields.</p>
          <button type="button" class="btn small primary" data-testid="case-load-theirs" onClick={loadTheirs}>Load their version</button>{' '}
          <button type="button" class="btn small" data-testid="case-keep-mine" onClick={() => void keepMine()}>Keep mine (save over theirs)</button>
        </div>
      </Show>
      <div class="case-fields">
        {field('pseudonym', 'Patient pseudonym', 'e.g. Patient A-17', 'case-pseudonym')}
        {field('clinic', 'Clinic', 'Clinic name', 'case-clinic')}
        {field('doctor', 'Doctor', 'Treating doctor', 'case-doctor')}
        <StatusField record={props.record} readOnly={props.readOnly} />
        <label class="field notes">
          <span class="field-label">Notes</span>
          <textarea rows="2" value={draft.notes} placeholder="Chief complaint, treatment goals…" data-testid="case-notes" readOnly={props.readOnly}
            onInput={(e) => edit('notes', e.currentTarget.value)} onBlur={() => void flush()} />
        </label>
      </div>
    </section>
  );
}

function pickEdited(record: CaseRecord): Pick<CaseFields, EditedField> {
  const { pseudonym, clinic, doctor, notes } = record;
  return { pseudonym, clinic, doctor, notes };
}

function saveText(s: SaveState): string {
  switch (s.status) {
    case 'saved': return 'Saved';
    case 'pending': return 'Unsaved changes';
    case 'saving': return 'Saving…';
    case 'conflict': return 'Not saved: changed in another tab';
    case 'error': return `Not saved: ${s.message ?? 'the write failed'}`;
  }
}
