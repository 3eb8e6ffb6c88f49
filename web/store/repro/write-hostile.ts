// Writes the hostile backups of files.ts into this folder: `npx tsx web/store/repro/write-hostile.ts`.
import { writeFileSync } from 'node:fs';
import { hostileBackups } from './files.ts';

for (const { file, zip } of await hostileBackups()) {
  writeFileSync(new URL(`./${file}`, import.meta.url), zip);
  console.log(`${file}: ${zip.byteLength} bytes`);
}
