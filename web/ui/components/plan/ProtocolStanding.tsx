// Which protocol the plan is staged under, and whether it still is the clinic's current one: a
// plan made under an older version says so, and re-staging it under the current version is
// one click (one undo step); a plan under the studio's own settings can be put under any
// imported protocol.
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { protocolStanding, type ProtocolDocument } from '../../../core/protocol-document.ts';
import { useStudio } from '../../context.ts';
import type { PlanSession } from '../../state/plan-types.ts';

export function ProtocolStanding(props: { plan: PlanSession }): JSX.Element {
  const { protocols } = useStudio();
  const ref = () => props.plan.plan().protocolRef;
  const standing = () => protocolStanding(ref(), protocols.documents());
  const latest = (id: string): ProtocolDocument | undefined =>
    protocols.documents().filter((d) => d.id === id).sort((a, b) => b.version - a.version)[0];
  const newest = () => [...new Set(protocols.documents().map((d) => d.id))].map((id) => latest(id)!);
  const [chosen, setChosen] = createSignal('');
  const stageUnder = (doc: ProtocolDocument | undefined) => doc && props.plan.stageUnder(doc);

  return (
    <div class="plan-row protocol-standing" data-testid="protocol-standing" data-state={standing().state}>
      <Switch>
        <Match when={standing().state === 'none'}>
          <span class="muted">Staged under this studio's own settings.</span>
          <Show when={newest().length > 0}>
            <select aria-label="Protocol to stage under" data-testid="protocol-choose" value={chosen()} onChange={(e) => setChosen(e.currentTarget.value)}>
              <option value="">Choose a protocol…</option>
              <For each={newest()}>{(d) => <option value={d.id}>{d.name}, version {d.version}</option>}</For>
            </select>
            <button type="button" class="btn small" data-testid="protocol-apply" disabled={!chosen()} onClick={() => stageUnder(latest(chosen()))}>Stage under it</button>
          </Show>
        </Match>
        <Match when={standing().state === 'current'}>
          <span>Staged under <strong>{ref()!.name}</strong>, version {ref()!.version} (current).</span>
        </Match>
        <Match when={standing().state === 'older-version'}>
          <span class="plan-warn-text">Staged under {ref()!.name} version {ref()!.version}; version {latest(ref()!.id)!.version} is current.</span>
          <button type="button" class="btn small primary" data-testid="protocol-restage" onClick={() => stageUnder(latest(ref()!.id))}>
            Re-stage under version {latest(ref()!.id)!.version}
          </button>
        </Match>
        <Match when={standing().state === 'unknown'}>
          <span class="plan-warn-text">Staged under {ref()!.name} version {ref()!.version}, which is not among this studio's protocols: import it in Settings to check it.</span>
        </Match>
      </Switch>
    </div>
  );
}
