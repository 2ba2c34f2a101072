// Finds the parts of the IPC contract (shared/ipc/channels.ts) nobody uses: a request channel the
// renderer never invokes, a push channel it never listens to, a request field the main process
// never mentions, a response or push field the renderer never mentions. "Mentions" is a word match
// in code (comments and, for fields, string literals left out): a field no reader names at all is
// certainly unread; one that is named somewhere may still be unread, so this finds the dead parts,
// it does not prove the rest alive.
import type { z } from 'zod';

export interface ContractUse {
  requestChannels: Readonly<Record<string, { request: z.ZodType; response: z.ZodType }>>;
  pushChannels: Readonly<Record<string, z.ZodType>>;
  /** The renderer's sources (and the shared code it runs), by path; the contract's own files excluded. */
  rendererSources: ReadonlyMap<string, string>;
  /** The main process's sources, by path. */
  mainSources: ReadonlyMap<string, string>;
  /**
   * Request fields main stores as a whole without reading them one by one, by path prefix (the
   * settings patch: the renderer reads those fields back through `settings:get`).
   */
  storedWhole?: readonly string[];
}

/** Source text without comments. */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Source text without comments and string literals. */
function codeOnly(source: string): string {
  return withoutComments(source).replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");
}

/** Every object field in a schema, as `path → name` (arrays add `[]`, wrappers and unions are walked). */
export function schemaFields(schema: z.ZodType, prefix: string): Map<string, string> {
  const fields = new Map<string, string>();
  const walk = (node: z.ZodType, at: string): void => {
    const def = node._zod.def as unknown as {
      type: string;
      shape?: Record<string, z.ZodType>;
      innerType?: z.ZodType;
      element?: z.ZodType;
      options?: z.ZodType[];
      in?: z.ZodType;
    };
    if (def.type === 'object' && def.shape) {
      for (const [name, child] of Object.entries(def.shape)) {
        fields.set(`${at}.${name}`, name);
        walk(child, `${at}.${name}`);
      }
    } else if (def.innerType) walk(def.innerType, at);
    else if (def.type === 'array' && def.element) walk(def.element, `${at}[]`);
    else if (def.type === 'union' && def.options) for (const option of def.options) walk(option, at);
    else if (def.type === 'pipe' && def.in) walk(def.in, at);
  };
  walk(schema, prefix);
  return fields;
}

/** What nobody uses, one sentence each; empty when every channel and field has its reader. */
export function unusedContractParts(use: ContractUse): string[] {
  const joined = (sources: ReadonlyMap<string, string>) =>
    [...sources.values()].map(withoutComments).join('\n');
  const rendererText = joined(use.rendererSources);
  const mainText = joined(use.mainSources);
  const rendererCode = codeOnly(rendererText);
  const mainCode = codeOnly(mainText);
  const names = (code: string, fields: Map<string, string>) => {
    const words = new Set(code.match(/[A-Za-z_$][\w$]*/g));
    return [...fields].filter(([, name]) => !words.has(name)).map(([path]) => path);
  };
  const storedWhole = use.storedWhole ?? [];
  const problems: string[] = [];
  for (const [channel, { request, response }] of Object.entries(use.requestChannels)) {
    if (!rendererText.includes(`'${channel}'`)) problems.push(`the renderer never invokes ${channel}`);
    if (!mainText.includes(`'${channel}'`)) problems.push(`main has no handler for ${channel}`);
    const requestFields = schemaFields(request, `${channel} request`);
    for (const path of names(mainCode, requestFields)) {
      if (!storedWhole.some((prefix) => path.startsWith(prefix))) problems.push(`main never reads ${path}`);
    }
    for (const path of names(rendererCode, schemaFields(response, `${channel} response`))) {
      problems.push(`the renderer never reads ${path}`);
    }
  }
  for (const [channel, schema] of Object.entries(use.pushChannels)) {
    if (!rendererText.includes(`'${channel}'`)) problems.push(`the renderer never listens to ${channel}`);
    for (const path of names(rendererCode, schemaFields(schema, channel))) {
      problems.push(`the renderer never reads ${path}`);
    }
  }
  return problems;
}
