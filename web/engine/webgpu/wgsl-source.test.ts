// Compile messages count lines in the joined kernel source; these check that they come back
// as the file and line a person opens, on a fake join and on the engine's real kernels.
import { describe, expect, it } from 'vitest';
import { compilationError, describeMessage, joinWgsl, type CompilationMessage } from './wgsl-source.ts';
import { kernelFiles } from './kernels.ts';

const error = (lineNum: number, message = 'bad', linePos = 3): CompilationMessage => ({ type: 'error', message, lineNum, linePos });

describe('joinWgsl', () => {
  const joined = joinWgsl([
    { file: 'shaders/a.wgsl', code: 'a1\na2\n' },
    { file: 'shaders/b.wgsl', code: 'b1' },
    { file: 'shaders/c.wgsl', code: 'c1\nc2\nc3' },
  ]);

  it('joins the files with newlines, in order', () => {
    expect(joined.code).toBe('a1\na2\n\nb1\nc1\nc2\nc3');
  });

  it('maps every joined line to its file and line', () => {
    const lines = joined.code.split('\n');
    const located = lines.map((_, i) => joined.locate(i + 1));
    expect(located).toEqual([
      { file: 'shaders/a.wgsl', line: 1 }, { file: 'shaders/a.wgsl', line: 2 }, { file: 'shaders/a.wgsl', line: 3 },
      { file: 'shaders/b.wgsl', line: 1 },
      { file: 'shaders/c.wgsl', line: 1 }, { file: 'shaders/c.wgsl', line: 2 }, { file: 'shaders/c.wgsl', line: 3 },
    ]);
    expect(joined.locate(0)).toBeNull();
    expect(joined.locate(lines.length + 1)).toBeNull();
  });

  it('names file:line:column in messages, and leaves a message without a position as it is', () => {
    expect(describeMessage(joined, error(5, 'unresolved value \'x\'', 7))).toBe('shaders/c.wgsl:1:7: unresolved value \'x\'');
    expect(describeMessage(joined, error(0, 'no position'))).toBe('no position');
  });

  it('throws only for errors, with every error', () => {
    const warning: CompilationMessage = { type: 'warning', message: 'unused', lineNum: 1, linePos: 1 };
    expect(compilationError('pairs', joined, [warning])).toBeNull();
    expect(compilationError('pairs', joined, [warning, error(2, 'one'), error(4, 'two', 1)])?.message)
      .toBe('the pairs kernel does not compile: shaders/a.wgsl:2:3: one; shaders/b.wgsl:1:1: two');
  });
});

describe('the engine kernels', () => {
  it('start with the generated layout, and map each file\'s lines back to it', async () => {
    const kernels = await kernelFiles();
    for (const [name, files] of Object.entries(kernels)) {
      expect(files[0].file, name).toBe('shaders/layout.generated.wgsl');
      expect(files.at(-1)!.file, name).toBe(`shaders/${name}.wgsl`);
      const joined = joinWgsl(files);
      const lines = joined.code.split('\n');
      lines.forEach((text, k) => {
        const at = joined.locate(k + 1)!;
        expect(files.find((f) => f.file === at.file)!.code.split('\n')[at.line - 1], `${name}: joined line ${k + 1}`).toBe(text);
      });
      expect(joined.locate(lines.length), name).toEqual({ file: `shaders/${name}.wgsl`, line: files.at(-1)!.code.split('\n').length });
      // The kernel's entry point, found in the joined text, is reported on its own file's line.
      const main = lines.findIndex((l) => l.startsWith('fn main('));
      const own = files.at(-1)!.code.split('\n').findIndex((l) => l.startsWith('fn main('));
      expect(joined.locate(main + 1), name).toEqual({ file: `shaders/${name}.wgsl`, line: own + 1 });
    }
  });
});
