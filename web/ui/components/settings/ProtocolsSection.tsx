// The clinic's protocols in the settings: each imported protocol version with whose signature
// it carries (verified against the clinic's doctor and lead keys above, or an unknown key),
// and importing a protocol file a DSO lead sent. A plan names the version it was staged under
// (the Plan tab says when a newer one came). A DSO lead writes and signs protocols here too.
import { For, Show, createSignal, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import { useStudio } from '../../context.ts';
import { formatFingerprint } from '../../../exchange/signing.ts';
import { PROTOCOL_FILE_EXTENSION } from '../../../exchange/protocol-file.ts';
import type { ProtocolDocument } from '../../../core/protocol-document.ts';
import { ProtocolEditor } from './ProtocolEditor.tsx';

export function ProtocolsSection(): JSX.Element {
  const { protocols, profile } = useStudio();
  const [note, setNote] = createSignal<{ ok: boolean; message: string } | null>(null);
  // The protocol being written: a new one (base undefined) or the next version of `base`.
  const [writing, setWriting] = createSignal<{ base?: ProtocolDocument } | null>(null);
  const lead = () => (profile.state.actor?.role === 'lead' ? profile.state.actor : null);
  let input!: HTMLInputElement;
  onMount(() => void protocols.refresh());

  const isNewest = (doc: ProtocolDocument) => !protocols.documents().some((d) => d.id === doc.id && d.version > doc.version);

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
              <Show when={lead() && isNewest(e.document)}>
                <button type="button" class="btn small ghost" data-testid="protocol-revise" aria-label={`Write version ${e.document.version + 1} of ${e.document.name}`}
                  onClick={() => setWriting({ base: e.document })}>New version…</button>
              </Show>
            </li>
          )}
        </For>
        <For each={protocols.broken()}>
          {(b) => <li class="known-key share-problem" data-testid="protocol-broken">{b.problem}</li>}
        </For>
      </ul>
      <div class="protocol-actions">
        <input ref={input} type="file" accept={`${PROTOCOL_FILE_EXTENSION},.json,application/json`} hidden id="protocol-file"
          data-testid="protocol-file" onChange={(e) => void take(e.currentTarget.files)} />
        <button type="button" class="btn small" data-testid="protocol-import" onClick={() => input.click()}>Import a protocol file…</button>
        <Show when={lead()}>
          <button type="button" class="btn small" data-testid="protocol-new" onClick={() => setWriting({})}>New protocol…</button>
        </Show>
      </div>
      <Show when={lead() && writing()}>
        {/* Outside the settings form: a form inside a form would submit both. */}
        {(w) => <Portal><ProtocolEditor {...(w().base ? { base: w().base } : {})} author={lead()!} onClose={() => setWriting(null)} /></Portal>}
      </Show>
      <Show when={note()}>{(n) => <p class={n().ok ? 'muted small' : 'share-problem'} role={n().ok ? 'status' : 'alert'} data-testid="protocol-note">{n().message}</p>}</Show>
    </section>
  );
}
