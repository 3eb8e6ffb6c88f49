// The files of a drop, folders walked (a DSO lead drops the folder of every clinic's
// packages), or of a file chooser. Entries must be taken during the drop event itself: the
// DataTransfer is emptied once it returns. A file's bytes are read only when asked.
import type { DashboardFile } from '../../state/dashboard.ts';

const fileOf = (f: File, name = f.webkitRelativePath || f.name): DashboardFile => ({ name, bytes: async () => new Uint8Array(await f.arrayBuffer()) });

export const chosenFiles = (list: FileList | null): DashboardFile[] => [...(list ?? [])].map((f) => fileOf(f));

/** Every entry of a folder: readEntries hands them over in batches until it returns none. */
async function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, out: DashboardFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    out.push(fileOf(file, entry.fullPath.replace(/^\//, '')));
  } else if (entry.isDirectory) {
    for (const e of await entriesOf(entry as FileSystemDirectoryEntry)) await walk(e, out);
  }
}

/** The drop's files and whether a folder was among them; call inside the drop handler. */
export function droppedFiles(dt: DataTransfer): Promise<{ files: DashboardFile[]; folder: boolean }> {
  const items = [...dt.items].filter((i) => i.kind === 'file').map((i) => ({ entry: i.webkitGetAsEntry?.() ?? null, file: i.getAsFile() }));
  return (async () => {
    const files: DashboardFile[] = [];
    let folder = false;
    for (const { entry, file } of items) {
      if (entry?.isDirectory) {
        folder = true;
        await walk(entry, files);
      } else if (file) files.push(fileOf(file));
    }
    return { files, folder };
  })();
}
