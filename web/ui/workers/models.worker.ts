// The models worker: printable models are built off the UI thread, one arch per worker.
import { expose } from 'comlink';
import fontUrl from '@fontsource/inter/files/inter-latin-700-normal.woff?url';
import { createModelsApi } from './models-api.ts';

// The studio's own font file (served with the app and cached for offline use), for the engraving.
expose(createModelsApi(async () => (await fetch(fontUrl)).arrayBuffer()));
