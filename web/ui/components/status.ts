// How case statuses read in the UI: the pipeline's own labels (core/case-pipeline.ts), one home.
export { STATUS_LABELS } from '../../core/case-pipeline.ts';
