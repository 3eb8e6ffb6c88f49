// Ways a plan package comes in by hand: the header's "Open package" file input, and a
// `.aligner` file dropped anywhere on the studio. Scans dropped on a case's Records still go
// there. While a package downloads or is read, a progress bar says so.
import { Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../../context.ts';
import { PACKAGE_EXTENSION } from '../../../exchange/package-types.ts';
import type { ToastService } from '../../state/toasts.ts';
import './share.css';

const isPackage = (f: File) => f.name.toLowerCase().endsWith(PACKAGE_EXTENSION);

export function OpenPackageButton(): JSX.Element {
  const { packageOpen } = useStudio();
  const busy = () => packageOpen.state.phase !== 'idle' || packageOpen.keyRequest() !== null;
  async function open(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (file) await packageOpen.openFile(file.name, new Uint8Array(await file.arrayBuffer()));
  }
  return (
    <label class="btn file-btn" classList={{ disabled: busy() }} title="Open a plan package (.aligner) someone sent you">
      Open package
      <input type="file" accept={`${PACKAGE_EXTENSION},application/octet-stream`} data-testid="open-package-input" disabled={busy()}
        onChange={(e) => void open(e.currentTarget)} />
    </label>
  );
}

/**
 * Opens `.aligner` files dropped anywhere. Listens in the capture phase so a case's scan drop
 * zone never tries to read a package as a scan; that zone is then told the drag ended (an
 * empty drop) so it stops showing as a target. Files dropped outside any zone no longer make
 * the browser navigate away from the studio. Returns the way to stop listening.
 */
export function listenForPackageDrops(
  win: Window, open: (fileName: string, bytes: Uint8Array) => Promise<unknown>, toasts: Pick<ToastService, 'show'>,
): () => void {
  const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  const onCapture = (e: DragEvent) => {
    // A zone that reads packages itself (the dashboard's) keeps its drops.
    if (e.target instanceof Element && e.target.closest('[data-takes-packages]')) return;
    const files = [...(e.dataTransfer?.files ?? [])];
    const packages = files.filter(isPackage);
    if (packages.length === 0) return;
    e.preventDefault();
    e.stopPropagation();
    e.target?.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: new DataTransfer() }));
    void (async () => {
      for (const f of packages) await open(f.name, new Uint8Array(await f.arrayBuffer()));
    })();
  };
  const onDragOver = (e: DragEvent) => {
    if (!hasFiles(e) || e.defaultPrevented) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    if (e.defaultPrevented || !hasFiles(e)) return;
    e.preventDefault();
    const names = [...(e.dataTransfer?.files ?? [])].map((f) => f.name);
    if (names.length) {
      toasts.show({ kind: 'info', message: `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not a plan package: drop scans on the open case's Records, and .aligner packages anywhere.` });
    }
  };
  win.addEventListener('drop', onCapture, true);
  win.addEventListener('dragover', onDragOver);
  win.addEventListener('drop', onDrop);
  return () => {
    win.removeEventListener('drop', onCapture, true);
    win.removeEventListener('dragover', onDragOver);
    win.removeEventListener('drop', onDrop);
  };
}

const PHASE_TEXT = { downloading: 'Downloading', reading: 'Checking', importing: 'Adding to the library' } as const;

/**
 * How far the whole opening is: the download (against the file's size when the host says it)
 * fills most of the bar, checking and adding take the rest. The bar moves only when a phase
 * does: an indeterminate bar animates every frame, which on a computer without a graphics
 * card takes the very time the package's reading needs (it is left for a download of unknown size).
 */
const DOWNLOADED = 0.8;
const PHASE_AT = { reading: 0.85, importing: 0.95 } as const;

/** The bar while a package downloads and is checked and added. */
export function PackageProgress(): JSX.Element {
  const { packageOpen } = useStudio();
  const s = packageOpen.state;
  const fraction = () => {
    if (s.phase === 'reading' || s.phase === 'importing') return PHASE_AT[s.phase];
    return s.phase === 'downloading' && s.total ? DOWNLOADED * Math.min(1, s.loaded / s.total) : null;
  };
  const megabytes = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
  return (
    <Show when={s.phase !== 'idle'}>
      <div class="package-progress" role="status" data-testid="package-progress" data-phase={s.phase}>
        <span class="package-progress-text">
          {PHASE_TEXT[s.phase as keyof typeof PHASE_TEXT]} {s.fileName}
          <Show when={s.phase === 'downloading' && s.loaded > 0}>
            {' '}· {megabytes(s.loaded)}{s.total ? ` of ${megabytes(s.total)}` : ''}
          </Show>
        </span>
        <Show when={fraction() !== null} fallback={<progress class="package-progress-bar" />}>
          <progress class="package-progress-bar" max="1" value={fraction()!} />
        </Show>
      </div>
    </Show>
  );
}
