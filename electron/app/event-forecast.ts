// What the pool ledger predicts for an event command before it is applied: the command is
// prepared as a trial (its own tags and compile session, so the real session's tags and script
// globals do not advance), then assessed against the ledger. The GUI's designer and `hds mcp`'s
// event builder ask the same question.
import { parseCommandLine } from '../commands/dispatcher';
import { isEventCommandName, prepareEventCommand } from '../commands/events/prepare-event';
import { parseHyperDbgNumber } from '../../shared/numbers';
import type { PoolAssessment } from '../model/pool-ledger';
import { EVENT_TAG_START_SEED } from '../../shared/protocol/event-packets';
import { createScriptCompiler, type CommandSession } from './wiring';

export type EventForecast =
  | { readonly kind: 'not-an-event' }
  /** HyperDbg's own message for a command it would refuse before sending anything. */
  | { readonly kind: 'invalid'; readonly error: string }
  | {
      readonly kind: 'assessed';
      readonly assessment: PoolAssessment;
      /** The ledger's warning text with the exact `prealloc` remedy; undefined when the event fits. */
      readonly forecast: string | undefined;
    };

export async function forecastEventCommand(
  core: CommandSession,
  commandText: string,
): Promise<EventForecast> {
  const command = parseCommandLine(commandText);
  if (!command || !isEventCommandName(command.name)) return { kind: 'not-an-event' };
  let nextTag = EVENT_TAG_START_SEED;
  const compiler = createScriptCompiler();
  const prepared = await prepareEventCommand(command, {
    allocateTag: () => nextTag++,
    resolveAddress: async (text) => {
      const number = parseHyperDbgNumber(text);
      if (number !== undefined) return number;
      const symbol = core.symbols.resolveSymbol(text);
      return symbol.ok ? symbol.value : undefined;
    },
    compileScript: (source) => compiler.compile(source),
    readScriptFile: () => undefined,
    outputSourceTag: () => undefined,
  });
  if (!prepared.ok) return { kind: 'invalid', error: prepared.error };
  return {
    kind: 'assessed',
    assessment: core.pools.assess(prepared.plan),
    forecast: core.pools.forecast(prepared.plan),
  };
}
