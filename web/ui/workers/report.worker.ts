// The report worker: the treatment report is made off the UI thread.
import { expose } from 'comlink';
import regularUrl from '@fontsource/inter/files/inter-latin-400-normal.woff?url';
import boldUrl from '@fontsource/inter/files/inter-latin-700-normal.woff?url';
import { createReportApi } from './report-api.ts';

const bytesOf = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

// The studio's own font files (served with the app and cached for offline use), embedded in the PDF.
expose(createReportApi(async () => ({ regular: await bytesOf(regularUrl), bold: await bytesOf(boldUrl) })));
