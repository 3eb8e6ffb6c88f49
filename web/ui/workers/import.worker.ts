// The import worker: parsing scans and generating the demo case never block the UI.
import { expose } from 'comlink';
import { importApi } from './import-api.ts';

expose(importApi);
