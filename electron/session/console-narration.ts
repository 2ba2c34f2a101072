/**
 * What the session prints on the console on its own (not in answer to a command), in HyperDbg's
 * words: the notice after a halt and the diagnosis of a stalled handshake. Pure text; the
 * session decides when.
 */
import { hex } from './bytes';
import { instructionLength } from './disassembler';
import type { decodePausedPacket } from './packets';

/** First event tag of a session; HyperDbg shows event numbers relative to it. */
const EVENT_TAG_SEED = 0x1000000n;

/**
 * The lines HyperDbg prints when the debuggee halts (reason-specific notice, the current
 * instruction unless the debuggee asked not to disassemble), each printed as one piece.
 */
export function pauseNotice(
  packet: ReturnType<typeof decodePausedPacket>,
  instruction: string | undefined,
): string[] {
  const lines: string[] = [];
  switch (packet.reason) {
    case 5:
      if (packet.eventTag !== 0n) lines.push(`breakpoint 0x${hex(packet.eventTag & 0xffffffffn)} hit\n`);
      break;
    case 11:
      if (packet.eventTag !== 0n) {
        const id = hex((packet.eventTag - EVENT_TAG_SEED) & 0xffffffffn);
        lines.push(`event 0x${id} triggered (${packet.eventStage === 2 ? 'post' : 'pre'})\n`);
      }
      break;
    case 8:
      lines.push('switched to the specified process\n');
      break;
    case 9:
      lines.push('switched to the specified thread\n');
      break;
    case 12:
      lines.push(
        'the target module is loaded and a breakpoint is set to the entrypoint\n' +
          "press 'g' to reach to the entrypoint of the main module...\n",
      );
      break;
  }
  if (!packet.ignoreDisassembling) {
    if (
      packet.readInstructionLength !== 16 &&
      instructionLength(packet.instructionBytes16, packet.is32Bit) > packet.readInstructionLength
    ) {
      lines.push('oOh, no! there might be a misinterpretation in disassembling the current instruction\n');
    }
    if (instruction) lines.push(`${instruction}\n`);
  }
  if (packet.reason === 10 || packet.reason === 12) lines.push('\n');
  if (packet.reason > 12) lines.push('err, unknown pausing reason is received\n');
  return lines;
}

/**
 * Why the handshake is stuck and what to do: the debuggee pings but refuses our version string
 * (two or more pings answered), or nothing arrived at all within `stallMs`.
 */
export function handshakeStallMessage(pingsAnswered: number, signature: string, stallMs: number): string {
  if (pingsAnswered >= 2) {
    return (
      `the handshake stalled: the debuggee is pinging (${pingsAnswered} pings answered) but did not accept our ` +
      `version string '${signature}'. Likely causes: (1) build mismatch: the debuggee only accepts the ` +
      "exact signature of its own HyperDbg build; pass --signature, or detect it from the debuggee's HyperDbg folder " +
      "('hds connect --detect-signature DIR'), then run '.debug prepare' on the debuggee again; " +
      '(2) wrong port/pipe: another machine or VM is on the other end of this link.'
    );
  }
  return (
    `the handshake stalled: nothing from the debuggee within ${Math.round(stallMs / 1000)} s. ` +
    "Likely causes: (1) wrong port/pipe or the debuggee has not run '.debug prepare serial 115200 comN' yet " +
    '(is the VM running with its serial port mapped to this endpoint?); (2) build mismatch: a debuggee whose ' +
    `HyperDbg build differs from '${signature}' aborts the handshake silently.`
  );
}
