import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { emptyPlan, setPattern } from '../core/plan.ts';
import { openLibrary, StoreError } from './library.ts';
import { scanBytes } from './repro/hostile-backups.ts';
import { archInfo, sameBytes } from './fixtures/library.ts';

describe('openLibrary (the UI entry point)', () => {
  it('gives repositories and backup over one database, and survives a reopen', async () => {
    const factory = new IDBFactory();
    const lib = await openLibrary({ name: 'ui', factory });
    const c = await lib.cases.create({ pseudonym: 'P-301' });
    await lib.cases.saveArch(c.id, archInfo('upper'), scanBytes(31));
    await lib.settings.set('ui.numbering', 'palmer');
    await lib.plans.saveWorking(c.id, setPattern(emptyPlan(), 'anterior-first'));
    const backup = await lib.exportBackup();
    lib.close();

    const again = await openLibrary({ name: 'ui', factory });
    expect((await again.cases.list()).map((x) => x.pseudonym)).toEqual(['P-301']);
    expect(sameBytes(await again.cases.loadArchMesh(c.id, 'upper'), scanBytes(31))).toBe(true);
    expect(await again.settings.get('ui.numbering', 'fdi')).toBe('palmer');
    expect(await again.plans.loadWorking(c.id)).toEqual(setPattern(emptyPlan(), 'anterior-first'));
    expect(await again.restoreBackup(backup)).toEqual({ added: 0, skipped: 1, restoredAsCopies: 0, droppedPlans: [] });
    const error = await again.cases.remove('missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    again.close();
  });
});
