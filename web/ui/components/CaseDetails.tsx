// The case's own fields. Text saves itself shortly after typing stops (and on leaving the
// field); status saves at once. Duplicate and delete live here, next to the name.
import { For, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { CASE_STATUSES } from '../../core/types.ts';
import type { CaseFields, CaseRecord, CaseStatus } from '../../core/types.ts';
import { useStudio } from '../context.ts';
import { STATUS_LABELS } from './status.ts';

type TextField = 'pseudonym' | 'clinic' | 'doctor' | 'notes';
const SAVE_DELAY_MS = 400;

export function CaseDetails(props: { record: CaseRecord }): JSX.Element {
  const studio = useStudio();
  const { library, confirm, toasts } = studio;
  const id = props.record.id;
  // A local draft: the inputs never jump while the saved record catches up.
  const [draft, setDraft] = createStore<Pick<CaseFields, TextField>>({
    pseudonym: props.record.pseudonym, clinic: props.record.clinic, doctor: props.record.doctor, notes: props.record.notes,
  });
  const [saving, setSaving] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty: Partial<CaseFields> = {};

  async function flush() {
    clearTimeout(timer);
    timer = undefined;
    if (Object.keys(dirty).length === 0) return;
    const patch = dirty;
    dirty = {};
    setSaving(true);
    await library.update(id, patch);
    setSaving(false);
  }
  onCleanup(() => void flush());

  function edit(field: TextField, value: string) {
    setDraft(field, value);
    dirty = { ...dirty, [field]: value };
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), SAVE_DELAY_MS);
  }

  async function setStatus(status: CaseStatus) {
    await flush();
    await library.update(id, { status });
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
      <input type="text" value={draft[name]} placeholder={placeholder} data-testid={testId} autocomplete="off"
        onInput={(e) => edit(name, e.currentTarget.value)} onBlur={() => void flush()} />
    </label>
  );

  return (
    <section class="case-details" aria-label="Case details">
      <div class="case-details-head">
        <h1 class="case-title">{draft.pseudonym || 'Unnamed patient'}</h1>
        <span class="save-state" aria-live="polite">{saving() ? 'Saving…' : 'Saved'}</span>
        <div class="case-actions">
          <button type="button" class="btn" data-testid="duplicate-case" onClick={duplicate}>Duplicate</button>
          <button type="button" class="btn danger-outline" data-testid="delete-case" onClick={remove}>Delete</button>
        </div>
      </div>
      <div class="case-fields">
        {field('pseudonym', 'Patient pseudonym', 'e.g. Patient A-17', 'case-pseudonym')}
        {field('clinic', 'Clinic', 'Clinic name', 'case-clinic')}
        {field('doctor', 'Doctor', 'Treating doctor', 'case-doctor')}
        <label class="field">
          <span class="field-label">Status</span>
          <select data-testid="case-status" value={props.record.status} onChange={(e) => setStatus(e.currentTarget.value as CaseStatus)}>
            <For each={CASE_STATUSES}>{(s) => <option value={s}>{STATUS_LABELS[s]}</option>}</For>
          </select>
        </label>
        <label class="field notes">
          <span class="field-label">Notes</span>
          <textarea rows="2" value={draft.notes} placeholder="Chief complaint, treatment goals…" data-testid="case-notes"
            onInput={(e) => edit('notes', e.currentTarget.value)} onBlur={() => void flush()} />
        </label>
      </div>
    </section>
  );
}
