// How case statuses read in the UI; the values themselves are core's CASE_STATUSES.
import type { CaseStatus } from '../../core/types.ts';

export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'New',
  records: 'Records',
  planning: 'Planning',
  review: 'In review',
  approved: 'Approved',
  archived: 'Archived',
};
