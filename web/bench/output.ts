// Where the bench's progress and its result go. npm prints its own `> script` banner on
// stdout before any script starts, and the project no longer silences npm (installs must
// speak), so a result on stdout is only clean JSON when npm is told to be quiet for that one
// command: `npm run -s bench -- --json`. `--json=FILE` writes the result to FILE instead and
// leaves stdout to people, banner and all.
import { writeFileSync } from 'node:fs';

export interface BenchOutput {
  /** True when the run produces JSON (on stdout or into a file) rather than the text report. */
  json: boolean;
  log(line: string): void;
  /** Writes the result where --json asked; does nothing without --json. */
  emit(result: unknown): void;
}

interface Streams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export function benchOutput(args: string[], streams: Streams = process): BenchOutput {
  const file = args.find((a) => a.startsWith('--json='))?.slice('--json='.length);
  if (file === '') throw new Error('--json= needs a file path, or use --json alone for stdout');
  if (file !== undefined) {
    return {
      json: true,
      log: (line) => streams.stdout.write(`${line}\n`),
      emit: (result) => {
        writeFileSync(file, `${JSON.stringify(result)}\n`);
        streams.stdout.write(`wrote ${file}\n`);
      },
    };
  }
  if (args.includes('--json')) {
    return {
      json: true,
      // stdout carries the result alone.
      log: (line) => streams.stderr.write(`${line}\n`),
      emit: (result) => streams.stdout.write(`${JSON.stringify(result)}\n`),
    };
  }
  return { json: false, log: (line) => streams.stdout.write(`${line}\n`), emit: () => {} };
}
