import { describe, expect, it } from 'vitest';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { encodeUserInputPayload } from '../shared/protocol/payloads';
import { FORWARDED_KEEPS_RUNNING, FORWARDED_REHALTS } from '../shared/protocol/forwarded-commands';
import { Harness, logText, paused } from './testing/harness';

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

/** A forwarded command's output, after checking that the debuggee halted again (pausing reason 10). */
function rehaltedText(h: Harness, command: string): string {
  const result = forward(h, command);
  expect(result.reason).toBe(10);
  return result.text;
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

  it('the keep-running commands (.start, .attach, .restart, .detach, cont, pause) print and leave the debuggee running', () => {
    const h = new Harness();
    h.connectAndPause();
    const run = (command: string) => {
      const frames = h.sendT1(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
        encodeUserInputPayload(command, true),
      );
      expect(
        frames.every(
          (f) => f.action === RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_LOGGING_MECHANISM,
        ),
      ).toBe(true);
      expect(h.sim.state).toBe('running');
      h.sendT2(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE);
      return frames.map((f) => logText(f).text).join('');
    };
    expect(run('.restart')).toBe("nothing to restart, did you use the '.start' command before?\n");
    expect(run('.start path c:\\tools\\app.exe arg1')).toBe('err, unable to start (file not found)\n');
    // .start remembered the path, so .restart starts it again
    expect(run('.restart')).toBe('err, unable to start (file not found)\n');
    expect(run('.start c:\\app.exe x')).toMatch(
      /^err, couldn't resolve error at 'c:\\app\.exe'\n\n\.start : runs/,
    );
    expect(run('.attach pid 4')).toBe(
      'Attaching to process 0x4 (4)...\n\nerr, unable to attach to the target process (c000002a)\n',
    );
    const pid = h.sim.machine.processes.find((p) => p.pid !== 4)!.pid;
    expect(run(`.attach pid ${pid.toString(16)}`)).toMatch(
      new RegExp(
        `^Attaching to process 0x${pid.toString(16)} \\(${pid}\\)\\.\\.\\.\n\nsuccessfully attached to the target process!\n`,
      ),
    );
    expect(run('.attach')).toMatch(/^please specify a hex value for process id\n\n\.attach : attaches/);
    expect(run('.attach tid 4')).toMatch(/^unknown parameter at 'tid'\n\n/);
    expect(run('.detach')).toBe("you're not attached to any thread\n");
    expect(run('cont')).toBe('');
    expect(run('cont 1')).toMatch(/^incorrect use of the 'cont'\n\ng : continues/);
    expect(run('pause')).toBe('pausing...\n');
  });

  it('.kill, .switch, load, unload, !lbr, !pt and !rev answer as the debuggee’s HyperDbg does', () => {
    const h = new Harness();
    h.connectAndPause();
    const text = (command: string) => rehaltedText(h, command);
    expect(text('.kill')).toBe('nothing to terminate!\n');
    expect(text('.switch')).toBe(
      "user debugger is not initialized. Did you use the '.attach' or the '.start' command before?\n",
    );
    expect(text('.switch pid 1c0')).toMatch(
      /^err, unable to switch to the process id or thread id .* \(c0000035\)\n$/,
    );
    expect(text('unload vmm')).toBe(
      "you're connected to a an instance of HyperDbg, please use '.debug close' command\n",
    );
    expect(text('unload nothing')).toBe('err, module not found\n');
    expect(text('load vmm')).toMatch(/^the vmm module is already running/);
    expect(text('!lbr enable')).toBe(
      "the trace (hypertrace) module is not loaded. Did you use 'load trace' command?\n",
    );
    expect(text('!lbr filter kernel bogus')).toMatch(
      /^unknown filter option 'bogus'\n\nincorrect use of the '!lbr'\n\n!lbr : performs/,
    );
    expect(text('!pt disable')).toBe(
      "the trace (hypertrace) module is not loaded. Did you use 'load trace' command?\n",
    );
    expect(text('!pt flush now')).toMatch(/^err, 'flush' takes no arguments\n\n!pt : enables/);
    expect(text('load trace')).toBe('loading the trace module\nhypertrace (trace) module is running...\n');
    expect(text('load trace')).toMatch(/^the trace module is already running/);
    expect(text('!lbr enable')).toBe('LBR enabled successfully\n');
    expect(text('!pt disable')).toBe('');
    expect(text('!rev pattern pid')).toMatch(/^err, please enter a valid process id in hex format/);
    expect(h.sim.modeExecTrapReady).toBe(false);
    expect(text('!rev pattern')).toBe('err, error not found (0)\n');
    expect(h.sim.modeExecTrapReady).toBe(true);
    expect(text('rev pattern')).toMatch(/^err, couldn't resolve error at 'rev'\n\n!rev : uses/);
  });

  it('hwdbg commands stop where v0.23 does on a debuggee without hwdbg’s instance-info file', () => {
    const h = new Harness();
    h.connectAndPause();
    const text = (command: string) => rehaltedText(h, command);
    const noInstanceInfo =
      'err, target file is not loaded\nerr, unable to read instance info packet of the debuggee';
    expect(text('!hw script { @hw_pin1 = 0; }')).toBe(noInstanceInfo);
    expect(text('!hw_clk script { @hw_pin1 = 0; }')).toBe(noInstanceInfo);
    expect(text('!hwdbg_clock x')).toBe(noInstanceInfo);
    expect(text('!hw unload')).toBe('');
    expect(text('!hw')).toBe(
      "incorrect use of the '!hw'\n\n!hw : runs a hardware script in the target device.\n\n" +
        'syntax : \t!hw script [script { Script (string) }]\nsyntax : \t!hw script [unload]\n\n' +
        '\t\te.g : !hw script { @hw_pin1 = 0; }\n\t\te.g : !hw unload\n',
    );
    expect(text('!hw_clock')).toBe(
      "incorrect use of the '!hw_clock'\n\n" +
        '!hw_clk : performs actions related to hwdbg hardware debugging events for each clock cycle.\n\n' +
        'syntax : \t!hw_clk  [script { Script (string) }]\n\n\t\te.g : !hw_clk script { @hw_pin1 = 0; }\n',
    );
    // eval runs in user mode over the test pins, which keep their values between commands
    expect(text('!hw eval { @rax = 5; }')).toBe('');
    expect(text('!hw eval { printf("%llx\\n", @rax + 1); }')).toBe('6\n');
    expect(text('!hw eval { x = ; }')).toMatch(/^Line 0:\nx = ;\n {4}\^\nSyntax Error: Invalid Syntax\n$/);
  });

  it('no forwarded command of protocol §6.1 is answered as unimplemented', () => {
    const h = new Harness();
    h.connectAndPause();
    // `pause` too: the debuggee's HyperDbg knows it, though the console runs its own `pause` locally.
    const forwarded = [...FORWARDED_KEEPS_RUNNING, ...FORWARDED_REHALTS, 'pause'];
    for (const command of forwarded)
      expect(forward(h, command).text).not.toMatch(/couldn't resolve command|not implement/);
  });
});
