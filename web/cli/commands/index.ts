// The CLI's subcommands, one file each; main.ts only looks them up here.
import type { CliIO } from '../io.ts';
import { inspectCommand } from './inspect.ts';
import { packageCommand } from './package.ts';
import { planCommand } from './plan.ts';
import { modelsCommand } from './models.ts';
import { segmentCommand } from './segment.ts';
import { reportCommand } from './report.ts';
import { dashboardCommand } from './dashboard.ts';

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export const commands: readonly Command[] = [inspectCommand, segmentCommand, planCommand, packageCommand, modelsCommand, reportCommand, dashboardCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
