import { incorrectUse } from '../dispatcher';
import { statusMessage } from './status-messages';
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import {
  fail,
  type CommandContext,
  type CommandHandler,
  type HandlerOutcome,
  type ParsedCommand,
} from '../types';

export const VMX_ROOT = 1;
export const STATUS_SUCCESS = 0xffffffff;

/** A debuggee status as HyperDbg prints it (see status-messages.ts). */
export function statusError(code: number | bigint): string {
  return statusMessage(typeof code === 'bigint' ? Number(BigInt.asUintN(32, code)) : code);
}

export function isSuccess(code: number | bigint): boolean {
  return (typeof code === 'bigint' ? Number(BigInt.asUintN(32, code)) : code >>> 0) === STATUS_SUCCESS;
}

/** Builds a handler whose wrong-usage answer is HyperDbg's "incorrect use of" + help. */
export function handler(
  names: string[],
  requires: CommandHandler['requires'],
  help: string,
  run: (command: ParsedCommand, ctx: CommandContext, usage: () => HandlerOutcome) => Promise<HandlerOutcome>,
): CommandHandler {
  return {
    names,
    requires,
    help,
    run: (command, ctx) => run(command, ctx, () => incorrectUse(command, help)),
  };
}

/** Optional step count, hex like HyperDbg ("please specify a correct hex value for [count]"). */
export function parseCount(
  command: ParsedCommand,
  fallback: number,
): { ok: true; value: number } | { ok: false; error: HandlerOutcome } {
  if (command.args.length === 0) return { ok: true, value: fallback };
  const value = parseHyperDbgNumber32(command.args[0]!.text);
  if (value === undefined)
    return { ok: false, error: fail('please specify a correct hex value for [count]') };
  return { ok: true, value };
}
