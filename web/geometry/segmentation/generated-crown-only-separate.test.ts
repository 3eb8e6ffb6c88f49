// Issue 11's bar on generated raw scans: crown-only, one separate crown per tooth in one file (fixtures/sweep-suite.ts).
import { sweepSuite } from './fixtures/sweep-suite.ts';

sweepSuite('crown-only-separate');
