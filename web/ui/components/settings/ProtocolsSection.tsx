// The clinic's protocols in the settings: each imported protocol version with whose signature
// it carries (verified against the clinic's doctor and lead keys above, or an unknown key),
// and importing a protocol file a DSO lead sent. A plan names the version it was staged under
// (the Plan tab says when a newer one came).
import { For, Show, createSignal, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../../context.ts';
import { formatFingerprint } from '../../../exchange/signing.ts';
import { PROTOCOL_FILE_EXTENSION } from '../../../exchange/protocol-file.ts';

export function ProtocolsSection(): JSX.Element {
  const { protocols } = useStudio();
  const [note, setNote] = createSignal<{ ok: boolean; message: string } | null>(null);
  let input!: HTMLInputElement;
  onMount(() => void protocols.refresh());

  async function take(files: FileList | null) {
    const file = files?.[0];
    if (!file) return;
    setNote(await protocols.importFile(file.name, new Uint8Array(await file.arrayBuffer())));
    input.value = '';
  }

  return (
    <section class="settings-section" aria-labelledby="protocols-title">
      <h3 id="protocols-title">Protocols</h3>
      <p class="muted small">Staging limits, IPR, attachment rules, required records and the QA checklist, as your DSO lead signed them.</p>
      <ul class="known-keys" data-testid="protocols">
        <For each={protocols.entries()} fallback={<li class="muted small">No protocol imported yet: plans use the studio's settings.</li>}>
          {(e) => (
            <li class="known-key" data-testid="protocol" data-version={e.document.version}>
              <span class="known-key-name">{e.document.name}, version {e.document.version}</span>
              <span class="muted small">
                {e.trust === 'verified' ? `verified: ${e.signerName ?? e.signer}` : `unknown key ${formatFingerprint(e.fingerprint)} (signed as ${e.signer})`}
              </span>
            </li>
          )}
        </For>
        <For each={protocols.broken()}>
          {(b) => <li class="known-key share-problem" data-testid="protocol-broken">{b.problem}</li>}
        </For>
      </ul>
      <div class="known-key-add">
        <input ref={input} type="file" accept={`${PROTOCOL_FILE_EXTENSION},.json,application/json`} hidden id="protocol-file"
          data-testid="protocol-file" onChange={(e) => void take(e.currentTarget.files)} />
        <button type="button" class="btn small" data-testid="protocol-import" onClick={() => input.click()}>Import a protocol file…</button>
      </div>
      <Show when={note()}>{(n) => <p class={n().ok ? 'muted small' : 'share-problem'} role={n().ok ? 'status' : 'alert'} data-testid="protocol-note">{n().message}</p>}</Show>
    </section>
  );
}
