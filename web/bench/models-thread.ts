// The studio's models worker (ui/workers/models-api.ts) on a Node worker thread, for the
// bench: with two of them the studio's own export client (models-client.ts) runs here as in a
// browser, so the whole-case figure is measured, not estimated. Started by models.ts through
// tsx's loader.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createModelsApi } from '../ui/workers/models-api.ts';

const fontFile = createRequire(import.meta.url).resolve('@fontsource/inter/files/inter-latin-700-normal.woff');
expose(createModelsApi(async () => {
  const b = readFileSync(fontFile);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}), nodeEndpoint(parentPort!));
