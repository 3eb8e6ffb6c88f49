// WGSL has no includes, so a kernel is compiled from several files joined into one source.
// The compiler's messages count lines in that joined text; this keeps where each file starts
// so a message can name the file and the line a person would open.

export interface WgslFile {
  /** Path from the repository root, as a message names it: shaders/pairs.wgsl. */
  file: string;
  code: string;
}

export interface SourceLine {
  file: string;
  line: number;
}

export interface JoinedWgsl {
  code: string;
  /** The file and 1-based line of a 1-based line of `code`; null outside it. */
  locate(line: number): SourceLine | null;
}

/** Only what is read of a GPUCompilationMessage, so that Node tests can pass plain objects. */
export interface CompilationMessage {
  type: GPUCompilationMessageType;
  message: string;
  /** 1-based; 0 when the message has no position. */
  lineNum: number;
  linePos: number;
}

/** The files joined by newlines, in order. */
export function joinWgsl(files: readonly WgslFile[]): JoinedWgsl {
  const starts: { file: string; first: number; count: number }[] = [];
  let next = 1;
  for (const f of files) {
    const count = f.code.split('\n').length;
    starts.push({ file: f.file, first: next, count });
    next += count;
  }
  return {
    code: files.map((f) => f.code).join('\n'),
    locate(line) {
      const s = starts.find((p) => line >= p.first && line < p.first + p.count);
      return s ? { file: s.file, line: line - s.first + 1 } : null;
    },
  };
}

/** "shaders/pairs.wgsl:12:5: <message>", or the message alone when it has no position. */
export function describeMessage(joined: JoinedWgsl, m: CompilationMessage): string {
  const at = m.lineNum > 0 ? joined.locate(m.lineNum) : null;
  return at ? `${at.file}:${at.line}:${m.linePos}: ${m.message}` : m.message;
}

/** The error to throw for a kernel whose messages include errors; null when it compiled. */
export function compilationError(kernel: string, joined: JoinedWgsl, messages: readonly CompilationMessage[]): Error | null {
  const errors = messages.filter((m) => m.type === 'error');
  if (errors.length === 0) return null;
  return new Error(`the ${kernel} kernel does not compile: ${errors.map((m) => describeMessage(joined, m)).join('; ')}`);
}
