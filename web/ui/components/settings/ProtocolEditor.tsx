// A DSO lead writes a protocol here: a new one from the studio's defaults, or the next version
// of one the clinic holds. Every value is checked as it is typed (the protocol's own ranges);
// signing with this browser's key keeps the protocol in the clinic's library and downloads the
// file to send to every clinic.
import { For, Show, createSignal, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { RULE_KEYS, type AttachmentRules } from '../../../core/attachments.ts';
import { SANITY_KEYS, SANITY_LABEL, sanityUnit } from '../../../core/protocol.ts';
import type { ProtocolDocument } from '../../../core/protocol-document.ts';
import { QA_CHECKS } from '../../../core/qa-checklist.ts';
import { RECORD_KINDS } from '../../../core/record-kinds.ts';
import type { Actor } from '../../../core/review.ts';
import { useStudio } from '../../context.ts';
import { createProtocolAuthor } from '../../state/protocol-author.ts';
import { downloadBytes, errorText } from '../share/download.ts';
import { NumberField } from '../plan/NumberField.tsx';
import { LIMIT_FIELDS, OTHER_PROTOCOL_FIELDS, type ProtocolField } from '../plan/plan-fields.ts';
import { SignerInputs, createSignerFields } from '../review/SignerFields.tsx';
import './protocol-editor.css';

const RULE_LABEL: Readonly<Record<keyof AttachmentRules, { label: string; unit: string }>> = {
  rotation: { label: 'Rotation of canines and premolars from', unit: '°' },
  extrusion: { label: 'Extrusion of incisors and canines from', unit: 'mm' },
  rootControl: { label: 'Tip or torque of front teeth and premolars from', unit: '°' },
  anchorage: { label: 'Anchorage when molars move back from', unit: 'mm' },
};

export function ProtocolEditor(props: { base?: ProtocolDocument; author: Actor; onClose(): void }): JSX.Element {
  const { profile, protocols, services } = useStudio();
  const newKey = !profile.state.hasSigningKey;
  const author = createProtocolAuthor({
    ...(props.base ? { base: props.base } : {}), author: props.author, profile: services.profile, protocols,
    knownKeys: () => profile.state.knownKeys, addKnownKey: (k) => profile.addKnownKey(k),
  });
  const d = author.draft;
  const [fieldProblem, setFieldProblem] = createSignal<string | null>(null);
  const signer = createSignerFields(props.author.name, newKey);
  const [busy, setBusy] = createSignal(false);
  const [outcome, setOutcome] = createSignal<{ ok: boolean; message: string } | null>(null);
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());

  const problem = () => fieldProblem() ?? author.problem();
  const number = (testId: string, label: string, value: () => number, unit: string, commit: (v: number) => void, integer = false, min = 0) => (
    <label class="protocol-field">
      <span>{label}</span>
      <NumberField testId={testId} label={label} value={value()} decimals={3} rules={{ min, integer }}
        onCommit={commit} onError={setFieldProblem} />
      <span class="unit">{unit}</span>
    </label>
  );
  const setting = (f: ProtocolField) => number(`author-${f.id}`, f.label, () => f.read(d().settings), f.unit, (v) => author.changeSettings(f.changes(v)), f.integer, f.min);

  async function sign(e: Event) {
    e.preventDefault();
    setOutcome(null);
    setBusy(true);
    try {
      const file = await author.sign(signer.signer());
      if (newKey) await profile.load();
      downloadBytes(file.bytes, file.fileName, 'application/json');
      setOutcome({ ok: true, message: file.message });
    } catch (err) {
      setOutcome({ ok: false, message: errorText(err) });
    } finally {
      signer.clearPassphrases();
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} class="share-dialog protocol-editor" aria-labelledby="protocol-editor-title" data-testid="protocol-editor"
      onCancel={(e) => { e.preventDefault(); if (!busy()) props.onClose(); }}>
      <form class="share-body" onSubmit={sign}>
        <h2 id="protocol-editor-title">{props.base ? `${props.base.name}: version ${d().version}` : 'New protocol'}</h2>
        <label class="review-field">
          <span>Name</span>
          <input type="text" data-testid="author-name" value={d().name} onInput={(e) => author.setName(e.currentTarget.value)} />
        </label>

        <fieldset class="author-group">
          <legend>Staging: the most a tooth moves per aligner, and the aligners</legend>
          <div class="protocol-grid">
            <For each={LIMIT_FIELDS}>{(f) => setting(f)}</For>
            <For each={OTHER_PROTOCOL_FIELDS}>{(f) => setting(f)}</For>
          </div>
        </fieldset>

        <fieldset class="author-group">
          <legend>Attachments</legend>
          <For each={RULE_KEYS}>{(k) => (
            <div class="author-rule">
              <input type="checkbox" data-testid={`author-rule-${k}`} aria-label={`Place attachments for: ${RULE_LABEL[k].label.replace(/ from$/, '')}`} checked={d().settings.attachments[k].enabled}
                onChange={(e) => author.changeSettings({ attachments: { [k]: { enabled: e.currentTarget.checked } } })} />
              {number(`author-rule-${k}-threshold`, RULE_LABEL[k].label, () => d().settings.attachments[k].threshold, RULE_LABEL[k].unit,
                (v) => author.changeSettings({ attachments: { [k]: { threshold: v } } }))}
            </div>
          )}</For>
        </fieldset>

        <fieldset class="author-group">
          <legend>Sanity checks warn above</legend>
          <div class="protocol-grid">
            <For each={SANITY_KEYS}>{(k) => number(`author-sanity-${k}`, SANITY_LABEL[k], () => d().settings.sanity[k],
              sanityUnit(k) === 'deg' ? '°' : 'mm', (v) => author.changeSettings({ sanity: { [k]: v } }))}</For>
          </div>
        </fieldset>

        <fieldset class="author-group">
          <legend>Required records</legend>
          <div class="author-checks">
            <For each={RECORD_KINDS}>{(r) => (
              <label><input type="checkbox" data-testid={`author-record-${r.kind}`} checked={d().requiredRecords.includes(r.kind)}
                onChange={(e) => author.requireRecord(r.kind, e.currentTarget.checked)} /> {r.label}</label>
            )}</For>
          </div>
        </fieldset>

        <fieldset class="author-group">
          <legend>QA checklist before a plan goes to the doctor</legend>
          <div class="author-checks">
            <For each={QA_CHECKS}>{(c) => (
              <label><input type="checkbox" data-testid={`author-qa-${c.id}`} checked={d().qaChecklist.find((q) => q.id === c.id)?.enabled ?? false}
                onChange={(e) => author.enableCheck(c.id, e.currentTarget.checked)} /> {c.label}</label>
            )}</For>
          </div>
          {number('author-final-depth', 'Deepest final overlap that passes', () => {
            const c = d().qaChecklist.find((q) => q.id === 'final-collisions');
            return c && 'maxDepthMm' in c ? c.maxDepthMm : 0;
          }, 'mm', (v) => author.setFinalCollisionDepth(v))}
        </fieldset>
        <Show when={problem()}>{(p) => <p class="share-problem" role="alert" data-testid="author-problem">{p()}</p>}</Show>

        <Show when={!outcome()?.ok}>
          <fieldset class="author-group">
            <legend>Sign as the protocol's author</legend>
            <Show when={newKey}>
              <p class="muted small">This browser has no signing key yet: one is made now from your name and a passphrase. The passphrase is never stored and cannot be recovered.</p>
            </Show>
            <SignerInputs fields={signer} testIds={{ name: 'author-signer', passphrase: 'author-passphrase', again: 'author-passphrase-again' }} />
          </fieldset>
        </Show>
        <Show when={outcome()}>{(o) => <p class={o().ok ? 'muted small' : 'share-problem'} role={o().ok ? 'status' : 'alert'} data-testid="author-outcome">{o().message}</p>}</Show>

        <div class="share-actions">
          <button type="button" class="btn" data-testid="author-close" disabled={busy()} onClick={() => props.onClose()}>{outcome()?.ok ? 'Done' : 'Cancel'}</button>
          <Show when={!outcome()?.ok}>
            <button type="submit" class="btn primary" data-testid="author-sign" disabled={busy()}>{busy() ? 'Signing…' : 'Sign and download'}</button>
          </Show>
        </div>
      </form>
    </dialog>
  );
}
