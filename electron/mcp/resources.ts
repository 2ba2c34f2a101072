// Resources: every command's help (what `help NAME` prints, from the command layer itself) and a
// reference of the script language (built-in functions, pseudo-registers, keywords, types) from
// the same data the editor's hover and completion use.
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  BUILTIN_FUNCTIONS,
  functionSignature,
  KEYWORD_DOCS,
  PSEUDO_REGISTER_DOCS,
  REGISTERS,
  TYPE_WORDS,
} from '../../shared/script/language/index';
import { createSessionModels } from '../app/session-models';
import { createCommandLayer, defaultSettings } from '../app/wiring';
import type { CommandHandler } from '../commands/types';
import { DryRunLink } from '../session/dry-run-link';

const COMMANDS_URI = 'hds://commands';
const SCRIPT_REFERENCE_URI = 'hds://script-language';

/** The command handlers as registered for a session (a dry-run link: nothing is sent). */
export function commandHandlers(): readonly CommandHandler[] {
  const models = createSessionModels();
  try {
    return createCommandLayer({
      link: new DryRunLink(),
      output: () => undefined,
      settings: defaultSettings(),
      models,
    }).list();
  } finally {
    models.close();
  }
}

const firstLine = (help: string): string => help.split('\n')[0]!.trim();

export function commandIndex(handlers: readonly CommandHandler[]): string {
  const lines = handlers.map(
    (h) => `- \`${h.names.join('`, `')}\` (needs: ${h.requires}): ${firstLine(h.help)}`,
  );
  return [
    '# HyperDbg commands (Debugger Mode, v0.23)',
    '',
    `Every command run_command accepts. ${COMMANDS_URI}/NAME gives a command's full help.`,
    '',
    ...lines,
    '',
  ].join('\n');
}

export function scriptLanguageReference(): string {
  const sections = [
    '# HyperDbg script language (v0.23)',
    '',
    "Scripts run on the debuggee: '? expr', 'print', event actions (script { ... }), conditions. Numbers are hex",
    'by default (0n10 decimal), registers are @rax, pseudo-registers $pid, locals are plain names, globals start',
    "with '.'. compile_script checks a script with HyperDbg's exact diagnostics.",
    '',
    '## Built-in functions',
    '',
    ...BUILTIN_FUNCTIONS.map(
      (f) => `- \`${functionSignature(f)}\`${f.returnsValue ? '' : ' (statement)'}: ${f.doc}`,
    ),
    '',
    '## Pseudo-registers',
    '',
    ...Object.entries(PSEUDO_REGISTER_DOCS).map(([name, doc]) => `- \`$${name.replace(/^\$/, '')}\`: ${doc}`),
    '',
    '## Keywords',
    '',
    ...Object.entries(KEYWORD_DOCS).map(([name, doc]) => `- \`${name}\`: ${doc}`),
    '',
    '## Type words',
    '',
    TYPE_WORDS.map((t) => `\`${t}\``).join(', '),
    '',
    '## Registers',
    '',
    REGISTERS.map((r) => `@${r}`).join(' '),
    '',
  ];
  return sections.join('\n');
}

export function registerResources(server: McpServer): void {
  const handlers = commandHandlers();
  const byName = new Map(handlers.flatMap((h) => h.names.map((name) => [name, h] as const)));
  server.registerResource(
    'commands',
    COMMANDS_URI,
    {
      title: 'HyperDbg commands',
      description: 'Every command with its one-line help',
      mimeType: 'text/markdown',
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: commandIndex(handlers) }] }),
  );
  server.registerResource(
    'command-help',
    new ResourceTemplate(`${COMMANDS_URI}/{name}`, {
      list: () => ({
        resources: handlers.map((h) => ({
          uri: `${COMMANDS_URI}/${encodeURIComponent(h.names[0]!)}`,
          name: h.names[0]!,
          description: firstLine(h.help),
          mimeType: 'text/plain',
        })),
      }),
    }),
    {
      title: 'Help of one command',
      description: "What HyperDbg's 'help NAME' prints",
      mimeType: 'text/plain',
    },
    (uri, variables) => {
      const name = decodeURIComponent(String(variables.name)).toLowerCase();
      const handler = byName.get(name);
      const text = handler
        ? handler.help
        : `err, couldn't find the help for the command at '${name}' (see ${COMMANDS_URI})`;
      return {
        contents: [{ uri: uri.href, mimeType: 'text/plain', text: text.endsWith('\n') ? text : `${text}\n` }],
      };
    },
  );
  server.registerResource(
    'script-language',
    SCRIPT_REFERENCE_URI,
    {
      title: 'Script language reference',
      description: "HyperDbg's script functions, pseudo-registers, keywords",
      mimeType: 'text/markdown',
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: scriptLanguageReference() }] }),
  );
}
