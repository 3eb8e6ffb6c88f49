// The backup worker: reading and checking a backup file never blocks the UI.
import { expose } from 'comlink';
import { backupApi } from './backup-api.ts';

expose(backupApi);
