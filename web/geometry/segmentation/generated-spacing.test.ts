// Issue 11's bar on generated raw scans: spacing of 2-5 mm spread over the contacts to the first molars (fixtures/sweep-suite.ts).
import { sweepSuite } from './fixtures/sweep-suite.ts';

sweepSuite('spacing');
