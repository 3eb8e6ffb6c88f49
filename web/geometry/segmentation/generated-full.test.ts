// Issue 11's bar on generated raw scans: a full arch (third molars absent) (fixtures/sweep-suite.ts).
import { sweepSuite } from './fixtures/sweep-suite.ts';

sweepSuite('full');
