// The headless plan pipeline's entry points (see derive.ts).
export { derivePlan, deriveFromRun, loadCase, movementTable, occlusalContacts, planChecklist, planSetup, planWarnings, type DerivedPlan, type MovementRow, type OcclusalContact, type PlanRunner, type PreparedCase } from './derive.ts';
export { framesOf, pairRecords, runEngine, toothInputs, type EngineRun } from './engine-run.ts';
