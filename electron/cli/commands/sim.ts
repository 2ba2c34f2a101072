import { isBuildSignature, notASignatureMessage } from '../../../shared/protocol/build-signature';
import {
  DEFAULT_SIMULATOR_OPTIONS,
  listenSimulator,
  parseFaultSpec,
  parseListenEndpoint,
  type LinkOptions,
  type ListenEndpoint,
} from '../../../simulator';
import { simulatorSymbolDirectory } from '../../../simulator/module-images';
import { DEFAULT_BAUD_RATE } from '../../../shared/endpoint';
import type { CliCommand } from '../main';

const USAGE = `usage: hds sim --listen <endpoint> [options]

Runs a simulated HyperDbg v0.23 debuggee that speaks exactly the bytes of hyperkd.

endpoints:
  tcp:HOST:PORT          TCP server (e.g. tcp:127.0.0.1:50001; PORT 0 picks a free port)
  unix:/path/to/socket   Unix-domain socket server
  pipe:\\\\.\\pipe\\NAME     named-pipe server (Windows only)
  pty                    pseudo-terminal; open the printed path as a serial port

options:
  --seed N               seed of every random choice: machine layout, workload, faults (default 1)
  --rate N|max           workload pieces per second while running (default 100; max = as fast as the link drains)
  --cores N              logical processors (default 4)
  --signature S          build signature the debuggee accepts (default ${DEFAULT_SIMULATOR_OPTIONS.signature})
  --os NAME              OS name in the DEBUGGEE_STARTED packet
  --kernel-base HEX      kernel base address (default ${DEFAULT_SIMULATOR_OPTIONS.kernelBase.toString(16)})
  --faults SPEC          e.g. drop=0.001,split=0.2 (kinds: drop corrupt checksum split merge oversize marker disconnect reboot silence)
  --pace N               time the debuggee takes over STARTED, symbols and FINISHED, as a multiple of the
                         default (about 0.2 s for its 70 modules); 0 sends them at once (default 1)
`;

function parseArgs(args: string[]): { listen: string; options: LinkOptions } {
  const options: LinkOptions = {};
  let listen: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    const need = (): string => {
      if (value === undefined) throw new Error(`err, ${flag} needs a value\n\n${USAGE}`);
      i++;
      return value;
    };
    const integer = (text: string, min: number): number => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < min)
        throw new Error(`err, ${flag} expects an integer >= ${min}, got '${text}'`);
      return n;
    };
    switch (flag) {
      case '--listen':
        listen = need();
        break;
      case '--seed':
        options.seed = integer(need(), 0);
        break;
      case '--rate': {
        const text = need();
        options.rate = text === 'max' ? 'max' : integer(text, 0);
        break;
      }
      case '--cores':
        options.cores = integer(need(), 1);
        break;
      case '--signature': {
        const text = need();
        if (!isBuildSignature(text)) throw new Error(notASignatureMessage(text));
        options.signature = text;
        break;
      }
      case '--os':
        options.osName = need();
        break;
      case '--kernel-base': {
        const text = need().replace(/^0x/i, '').replace(/`/g, '');
        if (!/^[0-9a-f]{1,16}$/i.test(text))
          throw new Error(`err, --kernel-base expects a hex address, got '${text}'`);
        options.kernelBase = BigInt('0x' + text);
        break;
      }
      case '--faults':
        options.faults = parseFaultSpec(need());
        break;
      case '--pace': {
        const text = need();
        const pace = Number(text);
        if (!Number.isFinite(pace) || pace < 0 || text.trim() === '')
          throw new Error(`err, --pace expects a number >= 0 (0 = no delay, 1 = default), got '${text}'`);
        options.pace = pace;
        break;
      }
      default:
        throw new Error(`err, unknown option '${flag}'\n\n${USAGE}`);
    }
  }
  if (!listen) throw new Error(`err, --listen is required\n\n${USAGE}`);
  return { listen, options };
}

/**
 * The `hds connect` command line that reaches a simulator listening on `listen` (bound at
 * `address`, as the server reports it), quoted for the platform's shell so it runs as printed.
 * `hds connect` needs the signature for every endpoint but the in-process `sim`.
 */
export function connectCommandLine(
  listen: ListenEndpoint,
  address: string,
  signature: string,
  symbolPath: string,
  platform: NodeJS.Platform = process.platform,
): string {
  // the pty's slave side is a serial port to the debugger
  const endpoint = listen.kind === 'pty' ? `serial:${address}@${DEFAULT_BAUD_RATE}` : address;
  return (
    `hds connect ${quoteForShell(endpoint, platform)} --signature ${quoteForShell(signature, platform)}` +
    ` --sympath ${quoteForShell(symbolPath, platform)}`
  );
}

function quoteForShell(word: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return /[\s"&|<>^%]/.test(word) ? `"${word}"` : word;
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export const command: CliCommand = {
  summary: 'run a simulated HyperDbg v0.23 debuggee on tcp/unix/pipe/pty',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs(args);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    let server;
    let listen: ListenEndpoint;
    try {
      listen = parseListenEndpoint(parsed.listen);
      server = await listenSimulator(listen, parsed.options);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 1;
    }
    const o = { ...DEFAULT_SIMULATOR_OPTIONS, ...parsed.options };
    process.stdout.write(
      `simulated debuggee listening on ${server.address}\n` +
        `  signature ${o.signature}, ${o.cores} cores, seed ${o.seed}, rate ${parsed.options.rate ?? 100}/s\n` +
        `  connect with: ${connectCommandLine(listen, server.address, o.signature, simulatorSymbolDirectory())}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return 0;
  },
};
