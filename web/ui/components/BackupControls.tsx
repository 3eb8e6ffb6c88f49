// Export every case to one zip, or restore from one. Restores never overwrite: the store
// adds, skips identical cases, or keeps both as copies; the summary says which, and names
// any plan it had to leave out. The file is read and checked in a worker (backup-client.ts).
import { createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';
import { backupFileName } from '../format.ts';
import { restoreFailureMessage, restoreSummaryMessage } from '../workers/backup-client.ts';

export function BackupControls(): JSX.Element {
  const { services, library, storage, toasts } = useStudio();
  const [busy, setBusy] = createSignal(false);

  async function exportBackup() {
    setBusy(true);
    try {
      const bytes = await services.backup.exportAll();
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = backupFileName(new Date());
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      toasts.show({ kind: 'error', message: `Backup export failed: ${errorText(e)}` });
    } finally {
      setBusy(false);
    }
  }

  async function restore(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setBusy(true);
    try {
      const summary = await services.backup.restore(file.name, new Uint8Array(await file.arrayBuffer()));
      await library.refresh();
      await storage.refresh();
      // A left-out plan is news the planner must not miss: that summary stays until dismissed.
      toasts.show({ kind: 'info', message: restoreSummaryMessage(file.name, summary) }, summary.droppedPlans.length > 0 ? 0 : 10_000);
    } catch (e) {
      toasts.show({ kind: 'error', message: restoreFailureMessage(file.name, e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="backup-controls">
      <button type="button" class="btn" data-testid="backup-export" disabled={busy()} onClick={exportBackup}>Export backup</button>
      <label class="btn file-btn" classList={{ disabled: busy() }}>
        Restore backup
        <input type="file" accept=".zip,application/zip" data-testid="backup-restore-input" disabled={busy()}
          onChange={(e) => restore(e.currentTarget)} />
      </label>
    </div>
  );
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
