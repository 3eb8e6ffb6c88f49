// Opening a plan package as the studio does, with the network, the worker and the store
// replaced by fakes that record what reached them: a share link downloads (progress reported),
// decrypts with the link's key, merges and opens the case for review, and leaves no key in the
// address bar; a bad address, a missing file, a wrong key or a tampered file stores nothing and
// says so; a file from disk asks for its key and opens for editing when a planner takes it.
import { describe, expect, it } from 'vitest';
import { createRoot } from 'solid-js';
import { PackageError, packageRefusals } from '../../exchange/errors.ts';
import { shareLink } from '../../exchange/share-link.ts';
import type { ReadPackage, PackageKind } from '../../exchange/package-types.ts';
import type { Actor } from '../../core/review.ts';
import type { PackageImportSummary } from '../services.ts';
import type { OpenMode } from './library.ts';
import { createPackageOpener } from './package-open.ts';
import type { PackageOpenDeps } from './package-open.ts';
import { downloadPackage } from './package-download.ts';
import { keyFromText } from './package-open.ts';
import { createMeshShelf } from './mesh-shelf.ts';
import { emptyPlan } from '../../core/plan.ts';
import { tinyArch } from './fixtures/library.ts';
import type { CaseRecord } from '../../core/types.ts';

const KEY = 'k'.repeat(43);
const OTHER_KEY = 'q'.repeat(43);
const FILE_URL = 'https://files.example.org/north/P-204-v3.aligner';
const LINK = shareLink('https://studio.example.org/app/', FILE_URL, KEY);
const HASH = LINK.slice(LINK.indexOf('#'));

/** Bytes that stand in for the encrypted file: the fake reader checks they arrive whole. */
const FILE_BYTES = Uint8Array.from({ length: 10 }, (_, i) => 200 + i);

function fakePackage(kind: PackageKind = 'case'): ReadPackage {
  return { kind, case: { id: 'case-204', pseudonym: 'P-204' }, exportedBy: { name: 'Sam Patel', role: 'planner' } } as unknown as ReadPackage;
}

function summary(over: Partial<PackageImportSummary> = {}): PackageImportSummary {
  return {
    caseId: 'case-204', pseudonym: 'P-204', outcome: 'added', newVersions: [], newComments: 0, newDecisions: 0, newEvents: 4,
    working: 'added', differentScans: [], ...over,
  };
}

/** A response streaming `chunks`, with Content-Length unless `length` is null. */
function streamed(chunks: Uint8Array[], length: number | null = chunks.reduce((n, c) => n + c.length, 0)): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: length === null ? {} : { 'Content-Length': String(length) } });
}

interface Harness {
  deps: PackageOpenDeps;
  fetched: { url: string; init?: RequestInit }[];
  reads: { fileName: string; bytes: number[]; key?: string }[];
  imported: string[];
  opened: [string | null, OpenMode | undefined][];
  toasts: { kind: string; message: string; timeout?: number }[];
  cleared: number;
  /** Times the reader was started ahead of a download. */
  warmed: number;
}

function harness(opts: {
  respond?: () => Promise<Response>;
  read?: (fileName: string, bytes: Uint8Array, key?: string) => Promise<ReadPackage>;
  actor?: Actor | null;
  imported?: PackageImportSummary;
  openId?: string | null;
} = {}): Harness {
  const h: Harness = { fetched: [], reads: [], imported: [], opened: [], toasts: [], cleared: 0, warmed: 0 } as unknown as Harness;
  const actor = opts.actor === undefined ? { name: 'Dr Ana Ruiz', role: 'doctor' as const } : opts.actor;
  const libraryState = { openId: opts.openId ?? null } as PackageOpenDeps['library']['state'];
  h.deps = {
    packages: {
      read: async (fileName, bytes, key) => {
        h.reads.push({ fileName, bytes: [...bytes], key });
        return opts.read ? opts.read(fileName, bytes, key) : fakePackage();
      },
      warm: () => void h.warmed++,
      importPackage: async (pkg, fileName) => {
        h.imported.push(`${pkg.case.id} from ${fileName}`);
        return opts.imported ?? summary();
      },
    },
    library: {
      state: libraryState,
      open: (id, mode) => { h.opened.push([id, mode]); libraryState.openId = id; },
      refresh: async () => undefined,
    },
    profile: { state: { actor }, ensureActor: async () => actor },
    toasts: { show: (t, timeout) => { h.toasts.push({ ...t, timeout }); return h.toasts.length; } },
    fetch: async (url, init) => {
      h.fetched.push({ url: String(url), init });
      return opts.respond ? opts.respond() : streamed([FILE_BYTES.subarray(0, 4), FILE_BYTES.subarray(4)]);
    },
    clearFragment: () => { h.cleared++; },
    online: () => true,
    settle: async () => undefined,
  };
  return h;
}

const opener = (h: Harness) => createRoot(() => createPackageOpener(h.deps));

describe('opening a share link', () => {
  it('downloads the file once, reads it with the link\'s key, merges it, opens the case for review and clears the fragment', async () => {
    const h = harness({ actor: { name: 'Sam Patel', role: 'planner' } });
    const open = opener(h);
    const outcome = await open.openLink(HASH);
    expect(outcome).toMatchObject({ status: 'opened', caseId: 'case-204', mode: 'review' });
    expect(h.fetched).toHaveLength(1);
    expect(h.warmed, 'the reader started while the file downloads').toBe(1);
    expect(h.fetched[0].url).toBe(FILE_URL);
    expect(h.fetched[0].init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer' });
    expect(h.reads).toEqual([{ fileName: 'P-204-v3.aligner', bytes: [...FILE_BYTES], key: KEY }]);
    expect(h.imported).toEqual(['case-204 from P-204-v3.aligner']);
    // Even a planner reviews what a link brings.
    expect(h.opened).toEqual([['case-204', 'review']]);
    expect(h.cleared).toBe(1);
    expect(h.toasts).toEqual([{ kind: 'info', message: 'Opened P-204 from P-204-v3.aligner: a new case in this library.', timeout: 10_000 }]);
    expect(open.state).toMatchObject({ phase: 'idle', fileName: null });
  });

  it('takes the download and read the page began for this link instead of fetching again; a failure there is told as its own', async () => {
    for (const fails of [false, true]) {
      const h = harness();
      let takes = 0;
      const pkg = fakePackage();
      const failure = packageRefusals('P-204-v3.aligner').tampered('manifest.json does not match its recorded hash');
      h.deps.early = {
        take: (hash) => {
          takes++;
          if (hash !== HASH) return null;
          return {
            follow: (onProgress) => onProgress(10, 10),
            bytes: Promise.resolve(FILE_BYTES),
            pkg: fails ? Promise.reject(failure) : Promise.resolve(pkg),
          };
        },
      };
      const outcome = await opener(h).openLink(HASH);
      expect(takes).toBe(1);
      expect(h.fetched, 'nothing fetched again').toEqual([]);
      expect(h.reads, 'nothing read again').toEqual([]);
      expect(h.warmed, 'no second reader started').toBe(0);
      if (fails) {
        expect(outcome).toEqual({ status: 'failed', message: expect.stringContaining('P-204-v3.aligner') });
        expect(h.imported).toEqual([]);
        expect(h.cleared, 'the key leaves the address bar all the same').toBe(1);
      } else {
        expect(outcome).toMatchObject({ status: 'opened', caseId: 'case-204', mode: 'review' });
        expect(h.imported).toEqual(['case-204 from P-204-v3.aligner']);
      }
    }
  });

  it('is not a link when the address names no package: nothing fetched, the fragment left alone', async () => {
    const h = harness();
    expect(await opener(h).openLink('#stage=4')).toEqual({ status: 'not-a-link' });
    expect(await opener(h).openLink('')).toEqual({ status: 'not-a-link' });
    expect(h.fetched).toEqual([]);
    expect(h.cleared).toBe(0);
  });

  for (const [name, url, problem] of [
    ['plain http to another computer', 'http://files.example.org/P-204.aligner', /not secure \(http:\/\/files\.example\.org\)/],
    ['a file: address', 'file:///home/sam/P-204.aligner', /must start with https:\/\//],
  ] as const) {
    it(`refuses ${name} without fetching anything`, async () => {
      const h = harness();
      const link = shareLink('https://studio.example.org/', url, KEY);
      const outcome = await opener(h).openLink(link.slice(link.indexOf('#')));
      expect(outcome.status).toBe('failed');
      expect(outcome.status === 'failed' && outcome.message).toMatch(/^This share link cannot be opened: /);
      expect(outcome.status === 'failed' && outcome.message).toMatch(problem);
      expect(outcome.status === 'failed' && outcome.message).toMatch(/Nothing was stored\.$/);
      expect(h.fetched).toEqual([]);
      expect(h.imported).toEqual([]);
      expect(h.opened).toEqual([]);
      expect(h.cleared).toBe(1);
      expect(h.toasts.map((t) => t.kind)).toEqual(['error']);
    });
  }

  it('says a link cut short before its key is incomplete, and clears it', async () => {
    const h = harness();
    const outcome = await opener(h).openLink(HASH.slice(0, HASH.indexOf('&key=')));
    expect(outcome.status === 'failed' && outcome.message).toMatch(/carries no key .* Nothing was stored\.$/);
    expect(h.fetched).toEqual([]);
    expect(h.cleared).toBe(1);
  });

  it('says the key does not open the file (wrong key or changed on the way), stores nothing and opens nothing', async () => {
    const h = harness({ read: async (fileName) => { throw packageRefusals(fileName).wrongKey(); } });
    const outcome = await opener(h).openLink(HASH);
    expect(outcome).toEqual({
      status: 'failed',
      message: 'This key does not open P-204-v3.aligner (or the file was changed on its way). Ask whoever shared it for the link again. Nothing was stored.',
    });
    expect(h.imported).toEqual([]);
    expect(h.opened).toEqual([]);
    expect(h.cleared).toBe(1);
  });

  it('passes on a tampered package\'s own words, naming the file once', async () => {
    const h = harness({ read: async (fileName) => { throw packageRefusals(fileName).tampered('plan/working.json does not match its recorded hash'); } });
    const outcome = await opener(h).openLink(HASH);
    expect(outcome.status === 'failed' && outcome.message).toBe(
      'P-204-v3.aligner has been altered since it was exported: plan/working.json does not match its recorded hash. Nothing was changed.');
    expect(h.imported).toEqual([]);
  });

  for (const [status, words] of [[404, /not on files\.example\.org \(404\)/], [403, /files\.example\.org refused .* \(403\)/], [500, /files\.example\.org answered 500/]] as const) {
    it(`explains a ${status} from the host`, async () => {
      const h = harness({ respond: async () => new Response('no', { status }) });
      const outcome = await opener(h).openLink(HASH);
      expect(outcome.status === 'failed' && outcome.message).toMatch(words);
      expect(h.reads).toEqual([]);
      expect(h.cleared).toBe(1);
    });
  }

  it('tells offline from a host that cannot be reached or does not allow the studio to read it', async () => {
    const offline = harness({ respond: async () => { throw new TypeError('Failed to fetch'); } });
    offline.deps.online = () => false;
    const a = await opener(offline).openLink(HASH);
    expect(a.status === 'failed' && a.message).toMatch(/^Could not download the package: this computer is offline\./);
    const cors = harness({ respond: async () => { throw new TypeError('Failed to fetch'); } });
    const b = await opener(cors).openLink(HASH);
    expect(b.status === 'failed' && b.message).toMatch(/from files\.example\.org: the host could not be reached, or it does not let other sites read the file/);
  });
});

describe('the download', () => {
  it('reports progress against Content-Length, and without one as unknown total', async () => {
    const seen: [number, number | null][] = [];
    const chunks = [new Uint8Array(3), new Uint8Array(5), new Uint8Array(2)];
    const bytes = await downloadPackage(async () => streamed(chunks), FILE_URL, (l, t) => seen.push([l, t]));
    expect(bytes.length).toBe(10);
    expect(seen).toEqual([[0, 10], [3, 10], [8, 10], [10, 10]]);

    const unknown: [number, number | null][] = [];
    await downloadPackage(async () => streamed(chunks, null), FILE_URL, (l, t) => unknown.push([l, t]));
    expect(unknown).toEqual([[0, null], [3, null], [8, null], [10, null]]);
  });

  it('refuses a file larger than a package can be, by its header or by what arrives', async () => {
    const big = downloadPackage(async () => streamed([new Uint8Array(8)]), FILE_URL, () => undefined, { maxBytes: 4 });
    await expect(big).rejects.toThrow(/larger than 0 MB|more than a plan package can be/);
    const lying = downloadPackage(async () => streamed([new Uint8Array(3), new Uint8Array(3)], null), FILE_URL, () => undefined, { maxBytes: 4 });
    await expect(lying).rejects.toThrow(/more than a plan package can be/);
  });

  it('says a download cut off half-way stopped', async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) { controller.error(new TypeError('network error')); },
    });
    const cut = downloadPackage(async () => new Response(broken, { status: 200 }), FILE_URL, () => undefined);
    await expect(cut).rejects.toThrow('The download from files.example.org stopped before it finished. Nothing was stored. Open the link again to retry.');
  });
});

describe('opening a package file', () => {
  const encrypted = (fileName: string, _bytes: Uint8Array, key?: string): Promise<ReadPackage> => {
    if (key === undefined) throw packageRefusals(fileName).encrypted();
    if (key !== KEY) throw packageRefusals(fileName).wrongKey();
    return Promise.resolve(fakePackage());
  };

  it('asks for the key of an encrypted file, asks again while it is wrong, and takes a whole pasted link', async () => {
    const h = harness({ read: encrypted, actor: { name: 'Sam Patel', role: 'planner' } });
    const open = opener(h);
    const done = open.openFile('P-204-v3.aligner', FILE_BYTES);
    await expect.poll(() => open.keyRequest()).toEqual({ fileName: 'P-204-v3.aligner', problem: null });
    open.answerKey(OTHER_KEY);
    await expect.poll(() => open.keyRequest()?.problem).toMatch(/^This key does not open P-204-v3\.aligner/);
    open.answerKey(`  ${LINK}\n`);
    expect(await done).toMatchObject({ status: 'opened', mode: 'edit' });
    expect(h.reads.map((r) => r.key)).toEqual([undefined, OTHER_KEY, KEY]);
    expect(h.opened).toEqual([['case-204', 'edit']]);
    expect(open.keyRequest()).toBeNull();
  });

  it('stops, storing nothing, when the key prompt is cancelled', async () => {
    const h = harness({ read: encrypted });
    const open = opener(h);
    const done = open.openFile('P-204-v3.aligner', FILE_BYTES);
    await expect.poll(() => open.keyRequest()).not.toBeNull();
    open.answerKey(null);
    expect(await done).toEqual({ status: 'cancelled' });
    expect(h.imported).toEqual([]);
    expect(h.toasts).toEqual([]);
  });

  it('opens for review for a doctor and for editing for a planner; a response package opens for editing', async () => {
    for (const [role, kind, mode] of [['doctor', 'case', 'review'], ['doctor', 'response', 'review'], ['planner', 'case', 'edit'],
      ['lab', 'case', 'review'], ['lab', 'response', 'edit']] as const) {
      const h = harness({ actor: { name: 'X', role }, read: async () => fakePackage(kind) });
      expect(await opener(h).openFile('P-204.aligner', FILE_BYTES), `${role} ${kind}`).toMatchObject({ status: 'opened', mode });
    }
  });

  it('closes the case while its package merges into it, then opens it again', async () => {
    const h = harness({ actor: { name: 'Sam Patel', role: 'planner' }, openId: 'case-204', read: async () => fakePackage('response') });
    await opener(h).openFile('P-204-response.aligner', FILE_BYTES);
    expect(h.opened).toEqual([[null, undefined], ['case-204', 'edit']]);
  });

  it('imports nothing when the person will not say who they are', async () => {
    const h = harness({ actor: null });
    expect(await opener(h).openFile('P-204.aligner', FILE_BYTES)).toEqual({ status: 'cancelled' });
    expect(h.imported).toEqual([]);
    expect(h.toasts[0].message).toMatch(/^P-204\.aligner was not opened: .* needs your name and role first\. Nothing was stored\.$/);
  });

  it('tells what a merge brought, and keeps the both-sides warning and a different scan on screen until dismissed', async () => {
    const h = harness({
      actor: { name: 'Sam Patel', role: 'planner' },
      read: async () => ({ ...fakePackage('response'), exportedBy: { name: 'Dr Ana Ruiz', role: 'doctor' } } as ReadPackage),
      imported: summary({
        outcome: 'merged', newVersions: ['Approved 3 Dec'], newComments: 2, newDecisions: 1, newEvents: 5,
        working: 'kept-both', keptTheirsAs: 'Dr Ana Ruiz 3 Dec', differentScans: ['lower'],
      }),
    });
    await opener(h).openFile('P-204-response.aligner', FILE_BYTES);
    expect(h.toasts).toEqual([
      { kind: 'info', timeout: 10_000, message: 'Updated P-204 from P-204-response.aligner: new 1 plan version ("Approved 3 Dec"), 2 comments, 1 decision, 5 audit events.' },
      { kind: 'info', timeout: 0, message: 'Both you and Dr Ana Ruiz changed the plan since it was shared: yours is kept as the working plan, theirs is saved as version "Dr Ana Ruiz 3 Dec".' },
      { kind: 'info', timeout: 0, message: "The lower scan in P-204-response.aligner differs from this case's own: the case keeps its scan, so what Dr Ana Ruiz saw may not match." },
    ]);
  });

  it('refuses a second package while one is opening', async () => {
    let release!: () => void;
    const h = harness({ read: () => new Promise((r) => { release = () => r(fakePackage()); }) });
    const open = opener(h);
    const first = open.openFile('a.aligner', FILE_BYTES);
    await expect.poll(() => open.state.phase).toBe('reading');
    expect(await open.openFile('b.aligner', FILE_BYTES)).toMatchObject({ status: 'failed', message: 'Still opening a.aligner: open b.aligner when it is done.' });
    release();
    expect(await first).toMatchObject({ status: 'opened' });
  });

  it('reports a reader that failed for another reason with the file named and nothing stored', async () => {
    const h = harness({ read: async () => { throw new Error('the package worker stopped (out of memory)'); } });
    const outcome = await opener(h).openFile('P-204.aligner', FILE_BYTES);
    expect(outcome).toEqual({ status: 'failed', message: 'P-204.aligner could not be opened: the package worker stopped (out of memory). Nothing was stored.' });
    expect(h.reads).toHaveLength(1);
    expect(new PackageError('encrypted', 'x').code).toBe('encrypted');
  });
});

describe('the meshes the reader decoded', () => {
  const withMeshes = (kind: PackageKind = 'case'): ReadPackage => ({
    ...fakePackage(kind), arches: { upper: { jaw: 'upper', mesh: tinyArch([11, 21]), meshHash: 'h-u' }, lower: { jaw: 'lower', mesh: tinyArch([31, 41]), meshHash: 'h-l' } },
  }) as unknown as ReadPackage;
  const stored = { id: 'case-204', arches: { upper: { meshBlobId: 'blob-u', segmentationBlobId: 'seg-u' }, lower: { meshBlobId: 'blob-l' } } } as unknown as CaseRecord;

  it('are shelved for the new case under the blobs it was stored with; a merged case (its own scans kept) shelves none', async () => {
    for (const outcome of ['added', 'merged'] as const) {
      const pkg = withMeshes();
      pkg.arches.upper!.segmentation = Uint8Array.of(4, 5).buffer;
      const storedWorking = { plan: emptyPlan(), revision: 1 };
      const h = harness({ read: async () => pkg, imported: summary({ outcome, ...(outcome === 'added' ? { storedWorking } : {}) }) });
      const shelf = createMeshShelf();
      const libraryState = h.deps.library.state as { cases?: CaseRecord[] };
      libraryState.cases = [stored];
      h.deps.shelf = shelf;
      expect((await opener(h).openLink(HASH)).status).toBe('opened');
      expect(shelf.take('case-204', 'blob-u'), outcome).toEqual(outcome === 'added' ? { mesh: pkg.arches.upper!.mesh, meshHash: 'h-u' } : undefined);
      expect(shelf.take('case-204', 'blob-l'), outcome).toEqual(outcome === 'added' ? { mesh: pkg.arches.lower!.mesh, meshHash: 'h-l' } : undefined);
      const record = shelf.segmentation('case-204', 'seg-u');
      expect(record && [...new Uint8Array(record)], `${outcome}: the upper segmentation record`).toEqual(outcome === 'added' ? [4, 5] : undefined);
      expect(shelf.takeWorking('case-204'), `${outcome}: the working plan as stored`).toBe(outcome === 'added' ? storedWorking : undefined);
    }
  });

  it('start their planning before the import for a case new here, with the package\'s segmentation; a case already here waits for its own', async () => {
    for (const known of [false, true]) {
      const pkg = withMeshes();
      const record = Uint8Array.of(7, 7).buffer;
      pkg.arches.upper!.segmentation = record;
      const h = harness({ read: async () => pkg, imported: summary({ outcome: known ? 'merged' : 'added' }) });
      (h.deps.library.state as { cases?: CaseRecord[] }).cases = known ? [stored] : [];
      const ahead: string[] = [];
      h.deps.prepareAhead = (caseId, jaw, mesh, r) => {
        ahead.push(`${caseId} ${jaw} ${h.imported.length} imported`);
        expect(mesh).toBe(pkg.arches[jaw]!.mesh);
        expect(r).toBe(jaw === 'upper' ? record : undefined);
      };
      expect((await opener(h).openLink(HASH)).status).toBe('opened');
      expect(ahead, known ? 'known case' : 'new case').toEqual(known ? [] : ['case-204 upper 0 imported', 'case-204 lower 0 imported']);
    }
  });
});

describe('a key pasted into the prompt', () => {
  it('is found in a whole link, a fragment, "key=…" or alone', () => {
    expect(keyFromText(LINK)).toBe(KEY);
    expect(keyFromText(HASH)).toBe(KEY);
    expect(keyFromText(`key=${KEY}`)).toBe(KEY);
    expect(keyFromText(` ${KEY} `)).toBe(KEY);
    expect(keyFromText('https://studio.example.org/#package=x')).toBeNull();
    expect(keyFromText('   ')).toBeNull();
  });
});
