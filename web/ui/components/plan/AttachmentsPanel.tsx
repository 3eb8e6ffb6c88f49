// The attachment chart: each attachment's tooth, shape, size, surface, the stage it is placed
// at and the stage it comes off after, and why it is there (a protocol rule or the planner).
// Stage 0 is the attachment template. The planner changes, adds and deletes attachments (each
// one undo step) or has the protocol place them; the doctor's review shows the chart only.
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { ATTACHMENT_SHAPES, SHAPE_LABEL, plannerAttachment, type Attachment, type AttachmentReason, type AttachmentShape } from '../../../core/attachments.ts';
import type { PlanSession } from '../../state/plan-types.ts';
import { NumberField } from './NumberField.tsx';
import { useToothLabel } from './tooth-label.ts';
import { clashText } from '../../../manufacture/attachment-clash.ts';

/** Why it is there, short enough for the side column (the title says it in full). */
const REASON_TEXT: Readonly<Record<AttachmentReason, string>> = {
  rotation: 'Rotation',
  extrusion: 'Extrusion',
  'root-control': 'Root',
  anchorage: 'Anchorage',
  planner: 'Planner',
};
const REASON_TITLE: Readonly<Record<AttachmentReason, string>> = {
  rotation: 'Placed by the protocol\'s rotation rule',
  extrusion: 'Placed by the protocol\'s extrusion rule',
  'root-control': 'Placed by the protocol\'s root-control rule',
  anchorage: 'Placed by the protocol\'s anchorage rule (molars distalized in sequence)',
  planner: 'Placed by the planner',
};

const mm = (v: number) => String(Math.round(v * 100) / 100);

export function AttachmentsPanel(props: { plan: PlanSession; readOnly?: boolean }): JSX.Element {
  const plan = props.plan;
  const label = useToothLabel();
  const [shape, setShape] = createSignal<AttachmentShape>('rectangular-vertical');
  const [error, setError] = createSignal<string | null>(null);
  const list = () => plan.plan().attachments;
  const lastStage = () => Math.max(0, (plan.staging()?.stageCount ?? 1) - 1);
  // The session refuses bad values with a message and leaves the plan as it was.
  const commit = (next: readonly Attachment[]) => {
    const before = plan.plan();
    plan.setAttachments(next);
    setError(plan.plan() === before && plan.state.message ? plan.state.message : null);
  };
  const change = (i: number, changes: Partial<Attachment>) => commit(list().map((a, k) => (k === i ? { ...a, ...changes } : a)));
  const selected = () => plan.state.selected;
  const canAdd = () => selected() !== null && !list().some((a) => a.fdi === selected());

  const editing = () => {
    const i = list().findIndex((a) => a.fdi === selected());
    return i < 0 ? null : { i, a: list()[i] };
  };
  const size = (i: number, a: Attachment, key: 'widthMm' | 'heightMm' | 'depthMm', what: string) => (
    <label class="protocol-field">
      <span>{what}</span>
      <NumberField testId={`attachment-${key}-${a.fdi}`} label={`${what} of the attachment on ${label(a.fdi)}, mm`} value={a[key]} decimals={2}
        rules={{ min: 0 }} onCommit={(v) => change(i, { [key]: v })} onError={setError} />
      <span class="unit">mm</span>
    </label>
  );
  // Where it sits: its centre moved from the crown's FA point along the tooth's own axes.
  const offset = (i: number, a: Attachment, axis: 'mesial' | 'occlusal', what: string, why: string) => (
    <label class="protocol-field" title={why}>
      <span>{what}</span>
      <NumberField testId={`attachment-offset-${axis}-${a.fdi}`} label={`${what}, the attachment on ${label(a.fdi)}, mm`} value={a.offsetMm[axis]} decimals={1}
        rules={{ min: -6, max: 6 }} onCommit={(v) => change(i, { offsetMm: { ...a.offsetMm, [axis]: v } })} onError={setError} />
      <span class="unit">mm</span>
    </label>
  );
  const stages = (a: Attachment) => `${a.stagePlaced}–${a.stageRemoved ?? lastStage()}`;

  return (
    <div class="plan-card" data-testid="attachments-panel">
      <h3 class="plan-sub">Attachments</h3>
      <p class="plan-hint">Stage 0 is the attachment template: attachments placed at 0 are bonded before the first aligner. Size in mm: width × height × depth.</p>
      <Show when={list().length > 0 && plan.attachmentClearance()?.error === null && plan.attachmentClearance()?.clashes}>{(found) => (
        <Show when={found().length > 0} fallback={<p class="plan-hint" data-testid="attachment-clearance" data-clashes="0">No attachment runs into a neighbour or an antagonist at any stage it is on.</p>}>
          <ul class="models-problems" data-testid="attachment-clearance" data-clashes={found().length}>
            <For each={found()}>{(c) => <li>{clashText(c, label)}</li>}</For>
          </ul>
        </Show>
      )}</Show>
      <Show when={list().length > 0} fallback={<p class="muted" data-testid="attachments-none">No attachments in this plan.</p>}>
        <div class="table-scroll">
          <table class="movement-table attachment-table" data-testid="attachment-chart">
            <thead>
              <tr>
                <th scope="col">Tooth</th>
                <th scope="col">Shape</th>
                <th scope="col">Size</th>
                <th scope="col" title="Placed before the first of these aligners, taken off after the last">Stages</th>
                <th scope="col" title="The protocol rule that placed it, or the planner">Why</th>
                <Show when={!props.readOnly}><th scope="col"><span class="sr-only">Delete</span></th></Show>
              </tr>
            </thead>
            <tbody>
              <For each={list()}>
                {(a, i) => (
                  <tr data-testid="attachment-row" data-fdi={a.fdi} classList={{ selected: selected() === a.fdi }} aria-selected={selected() === a.fdi}
                    onClick={() => plan.select(a.fdi)}>
                    <th scope="row">{label(a.fdi)}</th>
                    <td class="attachment-shape">{SHAPE_LABEL[a.shape]}{a.surface === 'lingual' ? ' (lingual)' : ''}</td>
                    <td class="attachment-size">{mm(a.widthMm)} × {mm(a.heightMm)} × {mm(a.depthMm)}</td>
                    <td data-testid={`attachment-stages-${a.fdi}`}>{stages(a)}</td>
                    <td title={REASON_TITLE[a.reason]}>{REASON_TEXT[a.reason]}</td>
                    <Show when={!props.readOnly}>
                      <td>
                        <button type="button" class="btn small ghost" data-testid={`attachment-delete-${a.fdi}`} aria-label={`Delete the attachment on ${label(a.fdi)}`}
                          onClick={(e) => { e.stopPropagation(); commit(list().filter((_, k) => k !== i())); }}>✕</button>
                      </td>
                    </Show>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={!props.readOnly && editing()} keyed>
        {({ i, a }) => (
          <div class="attachment-editor" data-testid="attachment-editor" data-fdi={a.fdi}>
            <h4 class="plan-sub">Attachment on {label(a.fdi)}</h4>
            <label class="plan-field">
              <span>Shape</span>
              <select data-testid={`attachment-shape-${a.fdi}`} value={a.shape} onChange={(e) => change(i, { shape: e.currentTarget.value as AttachmentShape })}>
                <For each={ATTACHMENT_SHAPES}>{(s) => <option value={s}>{SHAPE_LABEL[s]}</option>}</For>
              </select>
            </label>
            <label class="plan-field">
              <span>Surface</span>
              <select data-testid={`attachment-surface-${a.fdi}`} value={a.surface} onChange={(e) => change(i, { surface: e.currentTarget.value as Attachment['surface'] })}>
                <option value="buccal">Buccal</option>
                <option value="lingual">Lingual</option>
              </select>
            </label>
            <div class="protocol-grid">
              {size(i, a, 'widthMm', 'Width')}
              {size(i, a, 'heightMm', 'Height')}
              {size(i, a, 'depthMm', 'Depth')}
              {offset(i, a, 'mesial', 'Moved mesially', 'Towards the midline along the arch from the FA point; a negative value moves it distally')}
              {offset(i, a, 'occlusal', 'Moved occlusally', 'Towards the biting edge from the FA point; a negative value moves it gingivally')}
              <label class="protocol-field">
                <span>Placed at stage</span>
                <NumberField testId={`attachment-placed-${a.fdi}`} label={`Stage the attachment on ${label(a.fdi)} is placed at`} value={a.stagePlaced}
                  decimals={0} rules={{ min: 0, integer: true }} onCommit={(v) => change(i, { stagePlaced: v })} onError={setError} />
              </label>
              <label class="protocol-field" title="The last stage: kept to the end of treatment">
                <span>Removed after stage</span>
                {/* The last stage means "to the end": a plan that grows keeps it on. */}
                <NumberField testId={`attachment-removed-${a.fdi}`} label={`Stage the attachment on ${label(a.fdi)} is removed after`} value={a.stageRemoved ?? lastStage()}
                  decimals={0} rules={{ min: 0, integer: true }} onCommit={(v) => change(i, { stageRemoved: v >= lastStage() ? null : v })} onError={setError} />
              </label>
            </div>
          </div>
        )}
      </Show>
      <Show when={!props.readOnly}>
        <div class="plan-actions attachment-actions">
          <label class="plan-field inline">
            <span class="sr-only">Shape to add</span>
            <select data-testid="attachment-add-shape" value={shape()} onChange={(e) => setShape(e.currentTarget.value as AttachmentShape)}>
              <For each={ATTACHMENT_SHAPES}>{(s) => <option value={s}>{SHAPE_LABEL[s]}</option>}</For>
            </select>
          </label>
          <button type="button" class="btn small" data-testid="attachment-add" disabled={!canAdd()}
            title={selected() === null ? 'Select a tooth first' : canAdd() ? '' : 'This tooth has an attachment already'}
            onClick={() => commit([...list(), plannerAttachment(selected()!, shape())])}>
            {selected() === null ? 'Add to the selected tooth' : `Add to ${label(selected()!)}`}
          </button>
          <button type="button" class="btn small" data-testid="attachment-place-protocol" onClick={() => plan.placeAttachmentsByProtocol()}
            title="The attachments the protocol's rules ask for, given the final positions (yours are kept)">Place by protocol</button>
        </div>
        <Show when={error()}>{(e) => <p class="inline-error" role="alert" data-testid="attachment-error">{e()}</p>}</Show>
      </Show>
    </div>
  );
}
