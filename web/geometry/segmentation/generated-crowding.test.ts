// Issue 11's bar on generated raw scans: anterior crowding of 3-7 mm (staggered, rotated incisors and canines) (fixtures/sweep-suite.ts).
import { sweepSuite } from './fixtures/sweep-suite.ts';

sweepSuite('crowding');
