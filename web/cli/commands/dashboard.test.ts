import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboard } from '../../core/dashboard.ts';
import { dashboardCsv } from '../../core/dashboard-csv.ts';
import { DASHBOARD_SCRIPT, DAY, generateCases, T0 } from '../../core/fixtures/pipeline-cases.ts';
import { dsoFolder, READABLE_FILES } from '../../exchange/fixtures/dashboard-packages.ts';
import { memoryIO } from '../io.ts';
import { main } from '../main.ts';

const SEED = 6016;
const NOW = T0 + 60 * DAY;
const AS_OF = '2026-03-06';
const root = mkdtempSync(join(tmpdir(), 'dashboard-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...args: string[]) {
  const io = memoryIO();
  const code = await main(['dashboard', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe(`dashboard over a folder of generated packages (seed ${SEED})`, () => {
  const cases = generateCases(DASHBOARD_SCRIPT, SEED);
  const folder = join(root, 'dso');
  const expected = dashboard(cases, NOW);

  beforeAll(async () => {
    mkdirSync(join(folder, 'south'), { recursive: true });
    for (const f of await dsoFolder(cases)) writeFileSync(join(folder, f.path), f.bytes);
  });

  const SKIPPED = [
    { file: 'broken.aligner', reason: 'broken.aligner is damaged (the zip is cut short or broken). Nothing was changed.' },
    { file: 'sealed.aligner', reason: 'encrypted: the dashboard reads plain packages (open it with its key in the studio, or export it unencrypted)' },
  ];
  const SKIPPED_ERR = SKIPPED.map((s) => `skipped ${s.file}: ${s.reason}`).join('\n');

  it('prints JSON: the packages read, those skipped with the reason, and the same dashboard as the core makes of the cases', async () => {
    const r = await run(folder, '--json', '--as-of', AS_OF);
    expect(r.code).toBe(0);
    expect(r.err).toBe(SKIPPED_ERR);
    const json = JSON.parse(r.out);
    expect(json).toEqual({ folder, packages: READABLE_FILES, skipped: SKIPPED, dashboard: expected });
    expect(json.dashboard.recordsToPlanSent).toEqual({ count: 4, medianDays: 4.5, p90Days: 8.5 });
    expect(json.dashboard.waiting.map((w: { id: string; dropoutRisk: number }) => [w.id, w.dropoutRisk])).toEqual([['c3', 0.6358], ['c4', 0.6208], ['c7', 0.4406], ['c6', 0.2614]]);
  });

  it('prints the dashboard as text tables', async () => {
    const r = await run(folder, `--as-of=${AS_OF}T00:00:00Z`);
    expect(r.code).toBe(0);
    expect(r.err).toBe(SKIPPED_ERR);
    expect(r.out).toBe(TEXT.replace('FOLDER', folder));
  });

  it('prints the CSV the studio exports', async () => {
    const r = await run(folder, '--csv', '--as-of', AS_OF);
    expect(r.code).toBe(0);
    expect(r.out).toBe(dashboardCsv(expected).replace(/\r\n$/, ''));
  });

  it('refuses a folder that is missing, a file, or holds no packages, and bad usage', async () => {
    const missing = await run(join(root, 'nowhere'));
    expect([missing.code, missing.err]).toEqual([1, `dashboard: ${join(root, 'nowhere')}: cannot read the folder (no such folder).`]);
    const file = await run(join(folder, 'notes.txt'));
    expect([file.code, file.err]).toEqual([1, `dashboard: ${join(folder, 'notes.txt')} is not a folder.`]);
    mkdirSync(join(root, 'empty'));
    writeFileSync(join(root, 'empty', 'readme.txt'), '');
    const empty = await run(join(root, 'empty'));
    expect([empty.code, empty.err]).toEqual([1, `dashboard: no .aligner packages in ${join(root, 'empty')}.`]);
    for (const args of [[], [folder, folder], [folder, '--json', '--csv'], [folder, '--as-of', 'soon'], [folder, '--verbose']]) {
      const r = await run(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^dashboard: .*\n\nusage: npm run cli -- dashboard <folder>/);
    }
    expect((await run('--help')).code).toBe(0);
  });

  it('fails when no package reads, naming each', async () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'x.aligner'), 'hello');
    const r = await run(bad);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`skipped x.aligner: x.aligner is not an Aligner Studio plan package (it is not a zip file). Nothing was changed.\ndashboard: none of the 1 package in ${bad} could be read.`);
  });
});

const TEXT = `Turnaround dashboard: 7 cases from 8 packages in FOLDER (2 skipped), as of 2026-03-06 00:00 UTC
Days are calendar days; median and 90th percentile interpolate linearly between cases.

Cases by status
  status            cases
  New                   1
  Records complete      1
  Planning              2
  QA                    0
  Doctor review         1
  Approved              1
  Manufacturing         0
  In treatment          1
  Finished              0

Time in status (days, stays that ended)
  status            stays  median   p90
  New                   6     1.6   3.5
  Records complete      5     1.0   5.6
  Planning              7     2.0   2.4
  QA                    6     1.0   1.5
  Doctor review         4     1.5   3.4
  Approved              2     1.0   1.0
  Manufacturing         2     5.5   6.7
  In treatment          1    30.0  30.0
  Finished              1     5.0   5.0

Turnaround (days)
  from -> to                     cases  median  p90
  records complete -> plan sent      4     4.5  8.5
  plan sent -> approval              3     2.0  6.8

By clinic (days; sent: records complete -> plan sent; approved: plan sent -> approval)
  clinic       cases  sent  median  p90  approved  median  p90
  (no clinic)      1     0       -    -         0       -    -
  North            3     3     5.0  9.0         2     5.0  7.4
  South            3     1     3.0  3.0         1     1.0  1.0

By doctor (days; sent: records complete -> plan sent; approved: plan sent -> approval)
  doctor       cases  sent  median  p90  approved  median  p90
  (no doctor)      1     0       -    -         0       -    -
  Dr Ames          2     2     7.0  9.4         2     5.0  7.4
  Dr Baker         2     1     5.0  5.0         0       -    -
  Dr Cole          2     1     3.0  3.0         1     1.0  1.0

Waiting longest for an approved plan (estimated dropout risk 1 - 0.98^days)
  case  pseudonym  clinic  doctor    status            since       days   risk
  c3    Patient 3  North   Dr Baker  Doctor review     2026-01-15  50.0  63.6%
  c4    Patient 4  South   Dr Baker  Planning          2026-01-17  48.0  62.1%
  c7    Patient 7  -       -         Records complete  2026-02-05  28.8  44.1%
  c6    Patient 6  South   Dr Cole   Planning          2026-02-19  15.0  26.1%

QA failure reasons
  reason               failures  let through
  IPR above maximum           2            0
  Root parallelism            1            1
  Attachments missing         1            0`;
