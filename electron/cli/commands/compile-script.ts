import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CliCommand } from '../main';
import {
  ScriptCompileSession,
  bytesToHex,
  formatListing,
  type CompileOptions,
} from '../../../shared/script/index';

const USAGE = `usage: hds compile-script [--hex | --listing] [--script-dir DIR] FILE|-
       hds compile-script --jsonl [--script-dir DIR] < in.jsonl > out.jsonl

Compiles a HyperDbg v0.23 script to the wire buffer HyperDbg sends (24-byte SYMBOL records).
  --hex        print the buffer as lowercase hex (default)
  --listing    print one line per symbol
  --jsonl      read {"id","script","prelude"?:[...]} lines, write {"id","ok","hex"} or {"id","ok":false,"error"}
  --script-dir directory #include paths are resolved against (default: the script's directory)
On a compile error the message is printed exactly as HyperDbg prints it and the exit status is 1.`;

function resolverFor(dir: string): CompileOptions {
  return {
    includeResolver: (file) => {
      try {
        return readFileSync(path.resolve(dir, file), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

async function runJsonl(options: CompileOptions): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let status = 0;
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let request: { id?: unknown; script?: unknown; prelude?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      process.stdout.write(
        JSON.stringify({ id: null, ok: false, error: 'input line is not JSON; expected {"id","script"}' }) +
          '\n',
      );
      status = 1;
      continue;
    }
    if (typeof request.script !== 'string') {
      process.stdout.write(
        JSON.stringify({ id: request.id ?? null, ok: false, error: 'missing "script" string' }) + '\n',
      );
      status = 1;
      continue;
    }
    const session = new ScriptCompileSession(options);
    if (Array.isArray(request.prelude))
      for (const p of request.prelude) if (typeof p === 'string') session.compile(p);
    const result = session.compile(request.script);
    const out = result.ok
      ? { id: request.id ?? null, ok: true, hex: bytesToHex(result.bytes) }
      : { id: request.id ?? null, ok: false, error: result.error.message };
    process.stdout.write(JSON.stringify(out) + '\n');
  }
  return status;
}

export const command: CliCommand = {
  summary: 'compile a HyperDbg script to its wire bytes (hex or listing)',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    let mode: 'hex' | 'listing' | 'jsonl' = 'hex';
    let scriptDir: string | undefined;
    let file: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--hex') mode = 'hex';
      else if (a === '--listing') mode = 'listing';
      else if (a === '--jsonl') mode = 'jsonl';
      else if (a === '--script-dir') scriptDir = args[++i];
      else if (a.startsWith('--')) {
        process.stderr.write(`hds compile-script: unknown option ${a}\n${USAGE}\n`);
        return 2;
      } else file = a;
    }
    if (mode === 'jsonl') return runJsonl(resolverFor(scriptDir ?? process.cwd()));
    if (file === undefined) {
      process.stderr.write(`hds compile-script: give a script FILE or - for stdin\n${USAGE}\n`);
      return 2;
    }
    let source: string;
    try {
      source = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (e) {
      process.stderr.write(`hds compile-script: cannot read ${file}: ${(e as Error).message}\n`);
      return 2;
    }
    const dir = scriptDir ?? (file === '-' ? process.cwd() : path.dirname(path.resolve(file)));
    const result = new ScriptCompileSession(resolverFor(dir)).compile(source);
    if (!result.ok) {
      process.stdout.write(result.error.message + '\n');
      return 1;
    }
    process.stdout.write(
      (mode === 'listing' ? formatListing(result.bytes) : bytesToHex(result.bytes)) + '\n',
    );
    return 0;
  },
};
