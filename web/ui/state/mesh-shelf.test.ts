import { expect, test } from 'vitest';
import { createMeshShelf } from './mesh-shelf.ts';
import { tinyArch } from './fixtures/library.ts';
import { emptyPlan } from '../../core/plan.ts';

test('the shelf holds one case: a put replaces another case\'s meshes, each mesh is taken once, only by its case and blob', () => {
  const shelf = createMeshShelf();
  const upper = tinyArch([11, 21]);
  const lower = tinyArch([31, 41]);
  shelf.put('case-a', [{ jaw: 'upper', blobId: 'blob-u', mesh: upper, meshHash: 'h-u' }, { jaw: 'lower', blobId: 'blob-l', mesh: lower, meshHash: 'h-l' }]);
  expect(shelf.take('case-b', 'blob-u')).toBeUndefined();
  expect(shelf.take('case-a', 'blob-x')).toBeUndefined();
  expect(shelf.take('case-a', 'blob-u')).toEqual({ mesh: upper, meshHash: 'h-u' });
  expect(shelf.take('case-a', 'blob-u'), 'taken once').toBeUndefined();
  shelf.put('case-b', [{ jaw: 'upper', blobId: 'blob-b', mesh: upper, meshHash: 'h-b' }]);
  expect(shelf.take('case-a', 'blob-l'), 'the last case\'s meshes are gone').toBeUndefined();
  shelf.clear();
  expect(shelf.take('case-b', 'blob-b')).toBeUndefined();
});

test('segmentation records are read as often as asked, each a copy, only by their case and blob; another case\'s put drops them', () => {
  const shelf = createMeshShelf();
  const bytes = Uint8Array.of(1, 2, 3).buffer;
  shelf.put('case-a', [{ jaw: 'upper', blobId: 'blob-u', mesh: tinyArch([11, 21]), meshHash: 'h-u', segmentation: { blobId: 'seg-u', bytes } }]);
  new Uint8Array(bytes)[0] = 9;
  const first = shelf.segmentation('case-a', 'seg-u')!;
  expect([...new Uint8Array(first)], 'the bytes as put, not as the caller changed them after').toEqual([1, 2, 3]);
  new Uint8Array(first)[1] = 9;
  expect([...new Uint8Array(shelf.segmentation('case-a', 'seg-u')!)], 'a reader\'s change never reaches the next').toEqual([1, 2, 3]);
  shelf.take('case-a', 'blob-u');
  expect(shelf.segmentation('case-a', 'seg-u'), 'still there once the mesh is taken').toBeDefined();
  expect(shelf.segmentation('case-b', 'seg-u'), 'another case').toBeUndefined();
  expect(shelf.segmentation('case-a', 'seg-other'), 'a segmentation saved since (a new blob)').toBeUndefined();
  shelf.release('case-b');
  expect(shelf.segmentation('case-a', 'seg-u'), 'another case\'s view closing leaves it').toBeDefined();
  shelf.release('case-a');
  expect(shelf.segmentation('case-a', 'seg-u'), 'gone with its case\'s view').toBeUndefined();
  shelf.put('case-a', [{ jaw: 'upper', blobId: 'blob-u', mesh: tinyArch([11, 21]), meshHash: 'h-u', segmentation: { blobId: 'seg-u', bytes } }]);
  shelf.put('case-b', []);
  expect(shelf.segmentation('case-a', 'seg-u')).toBeUndefined();
});

test('the working plan an import stored is taken once, only by its case; another case\'s put or its view closing drops it', () => {
  const shelf = createMeshShelf();
  const working = { plan: emptyPlan(), revision: 1 };
  shelf.put('case-a', [], working);
  expect(shelf.takeWorking('case-b')).toBeUndefined();
  expect(shelf.takeWorking('case-a')).toBe(working);
  expect(shelf.takeWorking('case-a'), 'taken once: a later open reads storage').toBeUndefined();
  shelf.put('case-a', [], working);
  shelf.put('case-b', []);
  expect(shelf.takeWorking('case-a')).toBeUndefined();
  expect(shelf.takeWorking('case-b'), 'put without one').toBeUndefined();
  shelf.put('case-a', [], working);
  shelf.release('case-a');
  expect(shelf.takeWorking('case-a')).toBeUndefined();
});
