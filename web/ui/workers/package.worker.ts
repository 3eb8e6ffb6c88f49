// The package worker: reading and checking a plan package never blocks the UI.
import { expose } from 'comlink';
import { packageApi } from './package-api.ts';

expose(packageApi);
