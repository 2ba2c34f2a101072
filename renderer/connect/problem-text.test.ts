import { describe, expect, it } from 'vitest';
import { combineProblem } from './problem-text';
import { withoutErrPrefix } from '../ui/errors';

describe('one connection problem out of several reports', () => {
  it('shows a message reported three times once, without the err, prefix, advice as the next step', () => {
    const message =
      "err, serial port /dev/ttyS9 does not exist; check the port name (run 'hds connect --list-ports' to see the ports)";
    expect(combineProblem([message, message, message])).toEqual({
      what: 'serial port /dev/ttyS9 does not exist',
      next: ["check the port name (run 'hds connect --list-ports' to see the ports)"],
    });
  });

  it('keeps distinct hints as further next steps, in order, and skips empty ones', () => {
    expect(
      combineProblem([null, '', 'err, the handshake stalled', 'wrong build signature?', 'wrong port?']),
    ).toEqual({
      what: 'the handshake stalled',
      next: ['wrong build signature?', 'wrong port?'],
    });
  });

  it('is null when nothing went wrong', () => {
    expect(combineProblem([null, undefined, '  '])).toBeNull();
  });

  it('drops only a leading err, prefix', () => {
    expect(withoutErrPrefix('  err, x; err, y ')).toBe('x; err, y');
    expect(withoutErrPrefix('error in x')).toBe('error in x');
  });
});
