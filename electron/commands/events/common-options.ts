/**
 * The options every event command accepts (protocol reference 5.2), interpreted in HyperDbg's
 * order: condition, code, script and output blocks first (before a tag is taken), then the
 * keyword/value pairs (after the tag is taken, so a bad value still consumes an event number).
 */
import type { ScriptCompilation } from '../../ports/services';
import type { CommandToken } from '../types';
import { assemble, hyperDbgStatements } from '../assembler/assemble';
import { assemblyFailure } from '../assembler/keystone-messages';
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import { APPLY_TO_ALL, EventStage, type EventStageValue } from '../../../shared/protocol/event-packets';

export interface EventOptionServices {
  /** The session's script compiler (one compile session per debugging session). */
  compileScript(source: string): ScriptCompilation;
  /** Reads `script {file:PATH}`; undefined when the file cannot be read. */
  readScriptFile(path: string): string | undefined;
  /** Debugger-side `output` sources by name; undefined when no such source exists. */
  outputSourceTag(name: string): bigint | undefined;
}

/** Blocks taken out of the token list before the event gets a tag. */
export interface EventBlocks {
  readonly condition?: Uint8Array;
  readonly code?: Uint8Array;
  readonly script?: { readonly source: string; readonly bytes: Uint8Array };
  readonly outputSourceTags: readonly bigint[];
}

export interface EventKeywordOptions {
  readonly processId: number;
  readonly coreId: number;
  readonly stage: EventStageValue;
  readonly shortCircuiting: boolean;
  readonly immediateMessagePassing: boolean;
  readonly preAllocatedBuffer: number;
}

type Step<T> = { ok: true; value: T; rest: CommandToken[] } | { ok: false; error: string };

/**
 * A condition/code block HyperDbg cannot use: it prints why and goes on without it, and the block's
 * tokens, left in the command, make it fail after the event took its tag. So the command fails,
 * and the tag is used up.
 */
export interface BlockRejected {
  readonly ok: false;
  readonly error: string;
  readonly consumesTag: true;
}

/**
 * `condition {hex}` / `code {hex}`: hex bytes with `c3` appended, like HyperDbg's CLI, which
 * takes the block's text as it is: a space (even around the bytes) makes it not hex.
 */
function parseHexBlock(content: string): Uint8Array | undefined {
  let text = content;
  if (/^(0x|\\x)/i.test(text)) text = text.slice(2);
  else if (/^x/i.test(text)) text = text.slice(1);
  text = text.replaceAll('\\x', '').replaceAll('\\X', '') + 'c3';
  if (text.length % 2 !== 0) text = '0' + text;
  if (!/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Removes `<keyword> {block}` (optionally preceded by `asm`) and returns the block text. */
function takeBlock(
  tokens: CommandToken[],
  keyword: string,
): Step<{ text: string; asm: boolean } | undefined> {
  const rest: CommandToken[] = [];
  let found: { text: string; asm: boolean } | undefined;
  let pendingAsm = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (
      token.kind !== 'block' &&
      token.text.toLowerCase() === 'asm' &&
      tokens[i + 1]?.text.toLowerCase() === keyword
    ) {
      pendingAsm = true;
      continue;
    }
    if (token.kind !== 'block' && token.text.toLowerCase() === keyword && tokens[i + 1]?.kind === 'block') {
      found = { text: tokens[i + 1].text, asm: pendingAsm };
      pendingAsm = false;
      i++;
      continue;
    }
    if (token.kind !== 'block' && token.text.toLowerCase() === keyword) {
      return { ok: false, error: `err, '${keyword}' needs a { ... } block after it` };
    }
    rest.push(token);
  }
  return { ok: true, value: found, rest };
}

/** `asm condition {...}` / `asm code {...}`: the statements assembled at 0 with a `ret` after them, as HyperDbg does. */
function assembleBlock(content: string): Uint8Array | string {
  const statements = hyperDbgStatements(content);
  const result = assemble(`${statements}; ret`, 0n);
  if (result.ok) return result.bytes;
  const failure = assemblyFailure(result);
  return `${failure.text}err, assemble error code: '${failure.code}'\n${result.error}`;
}

/** HyperDbg's hint for a hex block written with spaces (one line after its message). */
function withoutSpacesHint(content: string): string {
  const packed = content.replace(/\s+/g, '');
  return packed !== '' && parseHexBlock(packed) ? `\nwrite it without spaces: {${packed}}` : '';
}

export function extractEventBlocks(
  tokens: readonly CommandToken[],
  services: EventOptionServices,
): Step<EventBlocks> | BlockRejected {
  const condition = takeBlock([...tokens], 'condition');
  if (!condition.ok) return condition;
  const code = takeBlock(condition.rest, 'code');
  if (!code.ok) return code;
  const script = takeBlock(code.rest, 'script');
  if (!script.ok) return script;
  const output = takeBlock(script.rest, 'output');
  if (!output.ok) return output;

  const blocks: {
    condition?: Uint8Array;
    code?: Uint8Array;
    script?: { source: string; bytes: Uint8Array };
  } = {};
  for (const [name, block] of [
    ['condition', condition.value],
    ['code', code.value],
  ] as const) {
    if (!block) continue;
    if (block.asm) {
      const bytes = assembleBlock(block.text);
      if (typeof bytes === 'string') return { ok: false, error: bytes, consumesTag: true };
      blocks[name] = bytes;
      continue;
    }
    const bytes = parseHexBlock(block.text);
    if (!bytes) {
      return {
        ok: false,
        error: `please enter ${name} code in a hex notation${withoutSpacesHint(block.text)}`,
        consumesTag: true,
      };
    }
    blocks[name] = bytes;
  }
  if (script.value) {
    let source = script.value.text;
    const file = /^\s*file:(.*)$/s.exec(source);
    if (file) {
      const path = file[1].trim();
      const text = services.readScriptFile(path);
      if (text === undefined) return { ok: false, error: `err, unable to read the script file '${path}'` };
      source = text;
    }
    const compiled = services.compileScript(source);
    if (!compiled.ok) return { ok: false, error: compiled.error };
    blocks.script = { source, bytes: compiled.bytecode };
  }
  const outputSourceTags: bigint[] = [];
  if (output.value) {
    const names = output.value.text
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n.length > 0);
    if (names.length === 0) return { ok: false, error: 'err, no input found' };
    if (names.length > 5) {
      return {
        ok: false,
        error:
          'err, based on this build of HyperDbg, the maximum input sources for a single event is 0x5 sources ' +
          `but you entered 0x${names.length.toString(16)} sources`,
      };
    }
    for (const name of names) {
      const tag = services.outputSourceTag(name);
      if (tag === undefined) {
        return {
          ok: false,
          error: "err, the name you entered, not found. Did you use 'output' command to create it?",
        };
      }
      outputSourceTags.push(tag);
    }
  }
  return { ok: true, value: { ...blocks, outputSourceTags }, rest: output.rest };
}

const MISSING_VALUE: Record<string, string> = {
  pid: "err, please specify a value for 'pid'",
  core: "err, please specify a value for 'core'",
  buffer: "err, please specify a value for 'buffer'",
  imm: "err, please specify a value for 'imm'",
  stage: "err, please specify a value for 'stage'",
  sc: "err, please specify a value for 'sc'",
};

/** pid/core/imm/stage/sc/buffer keyword pairs; what remains are the command's own arguments. */
export function extractKeywordOptions(
  tokens: readonly CommandToken[],
  hasOutput: boolean,
): Step<EventKeywordOptions> {
  const options = {
    processId: APPLY_TO_ALL,
    coreId: APPLY_TO_ALL,
    stage: EventStage.pre as EventStageValue,
    shortCircuiting: false,
    immediateMessagePassing: true,
    preAllocatedBuffer: 0,
  };
  const rest: CommandToken[] = [];
  let pending: string | undefined;
  for (const token of tokens) {
    const word = token.text.toLowerCase();
    if (pending) {
      const key = pending;
      pending = undefined;
      if (key === 'buffer') {
        const value = parseHyperDbgNumber32(token.text);
        if (value === undefined) return { ok: false, error: 'err, buffer size is invalid' };
        options.preAllocatedBuffer = value;
      } else if (key === 'imm') {
        if (word !== 'yes' && word !== 'no')
          return { ok: false, error: 'err, immediate messaging token is invalid' };
        options.immediateMessagePassing = word === 'yes';
      } else if (key === 'stage') {
        if (!Object.hasOwn(EventStage, word)) {
          return {
            ok: false,
            error: "err, the specified execution mode is invalid; you can either choose 'pre' or 'post'",
          };
        }
        options.stage = EventStage[word as keyof typeof EventStage];
      } else if (key === 'sc') {
        if (word !== 'on' && word !== 'off') {
          return {
            ok: false,
            error:
              "err, the specified short-circuiting state is invalid; you can either choose 'on' or 'off'",
          };
        }
        options.shortCircuiting = word === 'on';
      } else if (key === 'pid') {
        if (word === 'all') options.processId = APPLY_TO_ALL;
        else {
          const value = parseHyperDbgNumber32(token.text);
          if (value === undefined) return { ok: false, error: 'err, pid is invalid' };
          options.processId = value;
        }
      } else {
        const value = parseHyperDbgNumber32(token.text);
        if (value === undefined) return { ok: false, error: 'err, core id is invalid' };
        options.coreId = value;
      }
      continue;
    }
    if (token.kind !== 'block' && Object.hasOwn(MISSING_VALUE, word)) {
      pending = word;
      continue;
    }
    rest.push(token);
  }
  if (pending) return { ok: false, error: MISSING_VALUE[pending] };
  if (options.shortCircuiting && options.stage !== EventStage.pre) {
    return {
      ok: false,
      error:
        "err, using the short-circuiting mechanism with 'post' or 'all' stage events doesn't make sense; " +
        "it's not supported!",
    };
  }
  if (!options.immediateMessagePassing && hasOutput) {
    return {
      ok: false,
      error: "err, non-immediate message passing is not supported in 'output-forwarding mode'",
    };
  }
  return { ok: true, value: options, rest };
}
