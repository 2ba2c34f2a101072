import { describe, expect, it } from 'vitest';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { encodeUserInputPayload } from '../shared/protocol/payloads';
import { Harness, logText, paused } from './test-support/harness';

/** Forwarded user-mode commands run by the debuggee's own HyperDbg, with its console output. */

function forward(h: Harness, command: string): { text: string; reason: number } {
  const frames = h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
    encodeUserInputPayload(command, false),
  );
  const last = frames[frames.length - 1];
  return {
    text: frames
      .slice(0, -1)
      .map((f) => logText(f).text)
      .join(''),
    reason: paused(last).PausingReason,
  };
}

describe('forwarded commands', () => {
  it('rdmsr prints every core’s value, core-qualified reads one, a bad core is the driver’s error', () => {
    const h = new Harness({ cores: 2 });
    h.connectAndPause();
    const lstar = h.sim.processor.code
      .byName('KiSystemCall64')!
      .symbol.address.toString(16)
      .padStart(16, '0');
    const all = forward(h, 'rdmsr c0000082');
    expect(all.text).toBe(
      `core : 0x0 - msr[c0000082] = ${lstar.slice(0, 8)}\`${lstar.slice(8)}\n` +
        `core : 0x1 - msr[c0000082] = ${lstar.slice(0, 8)}\`${lstar.slice(8)}\n`,
    );
    expect(all.reason).toBe(10);
    expect(forward(h, 'rdmsr 1b core 1').text).toBe('core : 0x1 - msr[1b] = 00000000`fee00800\n');
    expect(forward(h, 'rdmsr 1b core 5').text).toBe(
      'ioctl failed with code (57), either msr index or core id is invalid\n',
    );
    expect(forward(h, 'rdmsr').text).toMatch(
      /^please specify a correct hex value to be read\n\nrdmsr : reads/,
    );
  });

  it('wrmsr writes what rdmsr then reads; its own output is one empty line', () => {
    const h = new Harness({ cores: 2 });
    h.connectAndPause();
    expect(forward(h, 'wrmsr 1d9 3 core 1').text).toBe('\n');
    expect(forward(h, 'rdmsr 1d9').text).toBe(
      'core : 0x0 - msr[1d9] = 00000000`00000000\ncore : 0x1 - msr[1d9] = 00000000`00000003\n',
    );
    expect(forward(h, 'wrmsr 1d9').text).toMatch(/^please specify a correct hex value to put on msr\n\n/);
  });

  it('cpu reports the modelled processor feature by feature', () => {
    const h = new Harness();
    h.connectAndPause();
    const lines = forward(h, 'cpu').text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '',
      'vendor : GenuineIntel',
      'brand : Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz',
    ]);
    expect(lines).toContain('AVX2 supported');
    expect(lines).toContain('AVX512F not supported');
    expect(lines).toContain('SYSCALL supported');
    expect(lines.filter((l) => / (not )?supported$/.test(l))).toHaveLength(51);
  });

  it('status, !hide, !unhide, !measure and .pe answer as v0.23 does on a debuggee', () => {
    const h = new Harness();
    h.connectAndPause();
    expect(forward(h, 'status').text).toBe("remote debugging - debuggee ('debugger mode')\n");
    expect(forward(h, '!hide').text).toMatch(
      /^warning, the !hide command \(hyperevade project\) is in the Beta phase/,
    );
    expect(forward(h, '!unhide').text).toBe(
      'err, debugger was not in the hidden transparent-mode (c0000054)\n',
    );
    expect(forward(h, '!measure').text).toBe('This command is deprecated, you should not use it anymore!\n');
    expect(forward(h, '.pe header c:\\missing.exe').text).toBe('err, unable to read or map the file (2)\n');
    expect(forward(h, '.pe header').text).toMatch(
      /^err, incorrect use of the '\.pe' command\n\n\.pe : parses/,
    );
  });
});
