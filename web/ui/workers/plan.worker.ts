// The planner worker: tooth axes, collision solids and auto-setup never block the UI, and
// the arches' crowns stay here between auto-setup runs.
import { expose } from 'comlink';
import { createPlannerApi } from './plan-api.ts';

expose(createPlannerApi());
