import { expect, test } from 'vitest';
import { createMeshShelf } from './mesh-shelf.ts';
import { tinyArch } from './fixtures/library.ts';

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
