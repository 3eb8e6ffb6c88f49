// The main thread's handle on the report worker: one report at a time, in order. A worker that
// dies fails the report in progress with a message and is replaced on the next one.
import { createWorkerSlot, type WorkerEndpoint } from '../../engine/worker-slot.ts';
import type { ReportRequest } from '../../report/report.ts';
import type { MadeReportFiles, ReportApi } from './report-api.ts';

export interface ReportMaker {
  make(request: ReportRequest): Promise<MadeReportFiles>;
  dispose(): void;
}

export function createWorkerReportMaker(): ReportMaker {
  return reportMakerOn(() => new Worker(new URL('./report.worker.ts', import.meta.url), { type: 'module', name: 'report' }));
}

/** The maker over any comlink endpoint running report.worker.ts's API (tests use a MessageChannel). */
export function reportMakerOn(spawn: () => WorkerEndpoint): ReportMaker {
  const slot = createWorkerSlot<ReportApi>({ name: 'report', spawn });
  return {
    make: (request) => slot.call((r) => r.make(request) as Promise<MadeReportFiles>),
    dispose: () => slot.dispose(),
  };
}
