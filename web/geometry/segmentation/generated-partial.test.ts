// Issue 11's bar on generated raw scans: a partial arch: one side's first and second molars absent (fixtures/sweep-suite.ts).
import { sweepSuite } from './fixtures/sweep-suite.ts';

sweepSuite('partial');
