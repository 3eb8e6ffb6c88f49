// Issue 11's bar on generated raw scans: a full arch with its third molars (fixtures/sweep-suite.ts).
import { sweepSuite } from './fixtures/sweep-suite.ts';

sweepSuite('third-molars');
