// Making a doctor's link: the package is encrypted here (AES-GCM, a fresh key each time) and
// downloaded; the planner puts that file on any host and pastes its address; the link is the
// studio's address with the file's address and the key after "#". The key exists only in this
// dialog and in the link: it is never stored, and closing the dialog forgets it.
import { Match, Show, Switch, createMemo, createSignal, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../../context.ts';
import { encryptPackage } from '../../../exchange/package-crypto.ts';
import { packageUrlProblem, shareLink } from '../../../exchange/share-link.ts';
import { downloadBytes, errorText } from './download.ts';
import './share.css';

type Sealed = { fileName: string; bytes: Uint8Array; key: string };
type Phase = { step: 'encrypting' } | { step: 'ready'; sealed: Sealed } | { step: 'failed'; message: string };

export function ShareLinkDialog(props: {
  pseudonym: string;
  export: () => Promise<{ bytes: Uint8Array; fileName: string } | undefined>;
  onClose: () => void;
}): JSX.Element {
  const { toasts } = useStudio();
  const [phase, setPhase] = createSignal<Phase>({ step: 'encrypting' });
  const [fileUrl, setFileUrl] = createSignal('');
  let dialog!: HTMLDialogElement;
  let output: HTMLInputElement | undefined;

  onMount(async () => {
    dialog.showModal();
    try {
      const plain = await props.export();
      if (!plain) return props.onClose();
      const { bytes, key } = await encryptPackage(plain.bytes);
      const sealed = { fileName: plain.fileName, bytes, key };
      downloadBytes(bytes, sealed.fileName);
      setPhase({ step: 'ready', sealed });
    } catch (e) {
      setPhase({ step: 'failed', message: `Could not make the encrypted package of ${props.pseudonym}: ${errorText(e)}` });
    }
  });

  const address = () => fileUrl().trim();
  const problem = createMemo(() => (address() ? packageUrlProblem(address()) : null));
  const link = createMemo(() => {
    const p = phase();
    if (p.step !== 'ready' || !address() || problem()) return null;
    return shareLink(location.href, address(), p.sealed.key);
  });

  async function copy() {
    const text = link();
    if (!text) return;
    try {
      await navigator.clipboard.writeText(text);
      toasts.show({ kind: 'info', message: 'Share link copied. Send it to the doctor the way you would send the file itself.' }, 4000);
    } catch {
      output?.select();
      toasts.show({ kind: 'info', message: 'The browser did not allow copying: the link is selected, copy it with Ctrl+C (⌘C).' });
    }
  }

  return (
    <dialog class="share-dialog share-link-dialog" ref={dialog} aria-labelledby="share-link-title" data-testid="share-link-dialog"
      onCancel={(e) => { e.preventDefault(); props.onClose(); }}>
      <div class="share-body">
        <h2 id="share-link-title">Share {props.pseudonym} by link</h2>
        <Switch>
          <Match when={phase().step === 'encrypting'}>
            <p role="status">Encrypting the package…</p>
          </Match>
          <Match when={phase().step === 'failed' && (phase() as { message: string }).message}>
            {(message) => <p class="share-problem" role="alert">{message()}</p>}
          </Match>
          <Match when={phase().step === 'ready' && (phase() as { sealed: Sealed }).sealed}>
            {(sealed) => (
              <>
                <ol class="share-steps">
                  <li>
                    <strong>{sealed().fileName}</strong> was downloaded, encrypted.{' '}
                    <button type="button" class="btn link" onClick={() => downloadBytes(sealed().bytes, sealed().fileName)}>Download again</button>
                  </li>
                  <li>Put it on your clinic's file host or shared drive, readable by link.</li>
                  <li>
                    <label for="share-link-url">Paste the file's web address:</label>
                    <input id="share-link-url" type="url" class="share-input" data-testid="share-link-url-input" spellcheck={false}
                      placeholder={`https://files.example.org/${sealed().fileName}`} value={fileUrl()}
                      onInput={(e) => setFileUrl(e.currentTarget.value)} aria-invalid={problem() ? 'true' : undefined} />
                    <Show when={problem()}>{(p) => <p class="share-problem" role="alert">The studio will not fetch from there: {p()}.</p>}</Show>
                  </li>
                </ol>
                <Show when={link()}>
                  {(l) => (
                    <div class="share-link-result">
                      <label for="share-link-output">The link for the doctor</label>
                      <div class="share-link-row">
                        <input id="share-link-output" ref={output} class="share-input" readOnly value={l()} data-testid="share-link-output"
                          onFocus={(e) => e.currentTarget.select()} />
                        <button type="button" class="btn primary" data-testid="share-link-copy" onClick={() => void copy()}>Copy</button>
                      </div>
                    </div>
                  )}
                </Show>
                <p class="share-note">
                  The key is in the part after #, which browsers never send to a server: the host only ever sees ciphertext.
                </p>
              </>
            )}
          </Match>
        </Switch>
        <div class="share-actions">
          <button type="button" class="btn" data-testid="share-link-close" onClick={() => props.onClose()}>Close</button>
        </div>
      </div>
    </dialog>
  );
}
