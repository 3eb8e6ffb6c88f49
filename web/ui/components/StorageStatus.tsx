// Whether the browser will keep the library, and how much room it takes.
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';
import { formatBytes } from '../format.ts';

export function StorageStatus(): JSX.Element {
  const { storage } = useStudio();
  const s = storage.state;
  const persisted = () => (s.persisted === null ? 'unknown' : s.persisted ? 'yes' : 'no');
  const title = () => (s.persisted
    ? 'The browser will keep your cases even when disk space runs low.'
    : 'The browser may clear stored cases when disk space runs low. Export a backup regularly.');
  return (
    <div class="storage-state" data-testid="storage-state" data-persisted={persisted()} title={title()}>
      <span class={`dot ${s.persisted ? 'ok' : 'warn'}`} aria-hidden="true" />
      <span>Persistent: {persisted()}</span>
      <span class="sep" aria-hidden="true">·</span>
      <span>{formatBytes(s.usageBytes)} used of {formatBytes(s.quotaBytes)}</span>
    </div>
  );
}
