/**
 * What the session prints on the console on its own (not in answer to a command), in HyperDbg's
 * words: the notice after a halt and the diagnosis of a stalled handshake. Pure text; the
 * session decides when.
 */
import { hex } from './bytes';
import { instructionLength } from './disassembler';
import type { decodePausedPacket } from './packets';

import { EVENT_TAG_START_SEED } from '../../shared/protocol/event-packets';

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
        const id = hex((packet.eventTag - EVENT_TAG_START_SEED) & 0xffffffffn);
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
 * Why the handshake has not finished, told apart by what the debuggee did, with the next step:
 * no PING at all (wrong port, or `.debug prepare` not run), one PING and then silence after our
 * reply (it aborted prepare: HyperDbg does that on a build mismatch), or PINGs that keep coming
 * (our reply does not reach it intact).
 */
export function handshakeStallMessage(
  pingsAnswered: number,
  signature: string,
  stallMs: number,
  where: string,
): string {
  const seconds = Math.round(stallMs / 1000);
  if (pingsAnswered === 0) {
    return (
      `the handshake has not started: no PING from the debuggee on ${where} within ${seconds} s.\n` +
      "Next: check that this is the debuggee's port or pipe (is the VM running, with its serial port mapped to " +
      "this endpoint?) and run '.debug prepare serial 115200 comN' on the debuggee (this side listens first)."
    );
  }
  if (pingsAnswered === 1) {
    return (
      `the debuggee pinged, received our version string '${signature}' and went silent for ${seconds} s: ` +
      "it aborted '.debug prepare'. HyperDbg does that when the two builds differ (the debuggee's console says " +
      '"there is a mismatch between the version/build of the debuggee and the debugger").\n' +
      "Next: pass the debuggee's own build signature with --signature (find it with 'hds connect " +
      "--detect-signature <its HyperDbg folder>'), then run '.debug prepare' on the debuggee again."
    );
  }
  return (
    `the debuggee keeps pinging (${pingsAnswered} PINGs answered): our version reply does not reach it intact.\n` +
    'Next: check that both sides use the same baud rate and that no other program shares the port or pipe ' +
    "(a second debugger, a terminal), then run '.debug prepare' on the debuggee again."
  );
}
