import { describe, expect, it } from 'vitest';
import { csv } from './csv.ts';

describe('csv', () => {
  it('quotes only what needs it, doubles quotes, ends every line with CRLF', () => {
    expect(csv(['tooth', 'note'], [[11, 'plain'], [12, 'a, b'], [13, 'say "hi"'], [14, null], [15, 'two\nlines']]))
      .toBe('tooth,note\r\n11,plain\r\n12,"a, b"\r\n13,"say ""hi"""\r\n14,\r\n15,"two\nlines"\r\n');
  });
});
