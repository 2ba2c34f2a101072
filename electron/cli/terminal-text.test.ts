import { describe, expect, it } from 'vitest';
import { escapeControls } from './terminal-text';

describe('escapeControls', () => {
  it('shows escape sequences (OSC title, clear screen, cursor moves) as text', () => {
    expect(escapeControls('\x1b]0;pwned\x07hello\x1b[2J\x1b[H')).toBe(
      '\\x1b]0;pwned\\x07hello\\x1b[2J\\x1b[H',
    );
    expect(escapeControls('a\x9b31mb\x7f\x00')).toBe('a\\x9b31mb\\x7f\\x00');
  });

  it('keeps tabs, newlines and printable text (accents included); a CR before LF is dropped', () => {
    expect(escapeControls('rax=1\trbx=2\r\nhéllo wörld\n')).toBe('rax=1\trbx=2\nhéllo wörld\n');
    expect(escapeControls('progress\r50%')).toBe('progress\\x0d50%');
  });
});
