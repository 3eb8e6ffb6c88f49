// Issue 11's bar on generated raw scans: crown-only, gum trimmed away (crowns joined at their contacts) (fixtures/sweep-suite.ts).
import { sweepSuite } from './fixtures/sweep-suite.ts';

sweepSuite('crown-only-trimmed');
