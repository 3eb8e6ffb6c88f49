// Opening the working plan and the named versions of the plan session: the parts that only
// talk to the plan store and the settings. A working plan that cannot be read (damaged, or
// saved by a newer studio) is shown as an error and never saved over.
import type { Accessor } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { emptyPlan, type Plan } from '../../core/plan.ts';
import { DEFAULT_PROTOCOL, storedProtocol, type Protocol } from '../../core/protocol.ts';
import type { PlanRepository } from '../../store/plans.ts';
import type { SettingsStore } from '../services.ts';
import type { PlanAutosave } from './plan-autosave.ts';
import type { PlanSessionState } from './plan-types.ts';

/** The settings key of the clinic's default protocol for new plans. */
export const PROTOCOL_SETTING = 'protocol.default';

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The clinic default, or the DESIGN.md defaults when none was saved or it does not check. */
export async function defaultProtocol(settings: SettingsStore): Promise<Protocol> {
  const saved = await settings.get<unknown>(PROTOCOL_SETTING, null);
  if (saved === null) return DEFAULT_PROTOCOL;
  try {
    return storedProtocol(saved);
  } catch {
    return DEFAULT_PROTOCOL;
  }
}

export interface PlanVersionsContext {
  caseId: string;
  plans: Pick<PlanRepository, 'saveVersion' | 'listVersions' | 'loadVersion' | 'deleteVersion'>;
  /** The stored working plan (plan-working.ts), undefined when the case has none. */
  openWorking: () => Promise<Plan | undefined>;
  settings: SettingsStore;
  plan: Accessor<Plan>;
  setState: SetStoreFunction<PlanSessionState>;
  autosave: PlanAutosave;
  track: <T>(work: Promise<T>) => Promise<T>;
  prepare: () => Promise<void>;
  /** One undo step. */
  commitPlan: (plan: Plan) => void;
  /** A fresh history starting at `plan` (opening). */
  startFrom: (plan: Plan) => void;
}

export function planVersions(ctx: PlanVersionsContext) {
  const { setState } = ctx;

  async function refresh() {
    setState('versions', await ctx.plans.listVersions(ctx.caseId));
  }

  /** Runs a store call; a failure becomes the message line. */
  function guarded(what: string, work: () => Promise<void>): Promise<void> {
    return ctx.track(work().catch((e) => void setState('message', `${what}: ${messageOf(e)}`)));
  }

  return {
    open(): Promise<void> {
      return ctx.track((async () => {
        let working: Plan | undefined;
        try {
          working = await ctx.openWorking();
        } catch (e) {
          const why = `The saved plan could not be opened: ${messageOf(e)}. It is kept as it is and nothing is saved over it.`;
          ctx.autosave.block(why);
          setState({ phase: 'error', message: why });
          return;
        }
        ctx.startFrom(working ?? emptyPlan(await defaultProtocol(ctx.settings)));
        // The list of versions is not needed to show the plan: read alongside the preparing.
        const listed = refresh().catch((e) => void setState('message', `The saved versions could not be listed: ${messageOf(e)}`));
        await Promise.all([listed, ctx.prepare()]);
      })());
    },
    saveVersion(name: string): Promise<void> {
      const label = name.trim();
      if (label === '') {
        setState('message', 'A saved version needs a name.');
        return Promise.resolve();
      }
      return guarded('The version was not saved', async () => {
        await ctx.plans.saveVersion(ctx.caseId, label, ctx.plan());
        await refresh();
      });
    },
    loadVersion(id: string): Promise<void> {
      return guarded('The version could not be opened', async () => {
        const version = await ctx.plans.loadVersion(id);
        ctx.commitPlan(version.plan);
      });
    },
    deleteVersion(id: string): Promise<void> {
      return guarded('The version was not deleted', async () => {
        await ctx.plans.deleteVersion(id);
        await refresh();
      });
    },
    saveProtocolAsDefault(): Promise<void> {
      return guarded('The protocol was not saved as the default', async () => {
        const p = ctx.plan().protocol;
        await ctx.settings.set(PROTOCOL_SETTING, { ...p, limits: { ...p.limits } });
      });
    },
  };
}
