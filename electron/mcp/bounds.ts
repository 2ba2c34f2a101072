// Every MCP tool call ends: it waits for the debuggee at most a caller-set time (clamped), stops
// waiting when the client cancels, reports progress while it waits, and hands long text back in
// pages kept under a handle. Agents' top complaint about debugger servers is calls that hang.

export const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_TIMEOUT_MS = 600_000;
export const MIN_TIMEOUT_MS = 50;
export const DEFAULT_PAGE_CHARS = 16_000;
export const MAX_PAGE_CHARS = 100_000;
/** Outputs kept for `read_output` (oldest dropped first), and the most text one of them keeps. */
const KEPT_OUTPUTS = 32;
const MAX_KEPT_CHARS = 8_000_000;
const PROGRESS_INTERVAL_MS = 1_000;

export type Bounded<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'cancelled' };

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called about once a second while waiting, with the milliseconds waited so far. */
  readonly progress?: (elapsedMs: number) => void;
}

/** Waits for `work` but never longer than the timeout or past a cancellation; `work` keeps running. */
export function boundedWait<T>(work: Promise<T>, options: WaitOptions): Promise<Bounded<T>> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    const finish = (): void => {
      for (const timer of timers) clearTimeout(timer);
      clearInterval(ticker);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      resolve({ kind: 'cancelled' });
    };
    const ticker = setInterval(() => options.progress?.(Date.now() - started), PROGRESS_INTERVAL_MS);
    timers.push(
      setTimeout(() => {
        finish();
        resolve({ kind: 'timeout', afterMs: Date.now() - started });
      }, options.timeoutMs),
    );
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        finish();
        resolve({ kind: 'done', value });
      },
      (error: unknown) => {
        finish();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export interface OutputPage {
  readonly text: string;
  readonly totalChars: number;
  /** Where the next page starts; null when this page reaches the end. */
  readonly nextOffset: number | null;
  /** Handle for `read_output`; null when everything fit in this page. */
  readonly outputHandle: string | null;
}

/** Command output beyond one page, kept for `read_output` under a handle. */
export class OutputPages {
  private readonly kept = new Map<string, string>();
  private counter = 0;

  /** The first page of `text`; the whole text is kept when it does not fit. */
  firstPage(text: string, pageChars: number): OutputPage {
    if (text.length <= pageChars)
      return { text, totalChars: text.length, nextOffset: null, outputHandle: null };
    const handle = `out-${++this.counter}`;
    const keptText =
      text.length > MAX_KEPT_CHARS
        ? `${text.slice(0, MAX_KEPT_CHARS)}\n[output cut at ${MAX_KEPT_CHARS} of ${text.length} characters]\n`
        : text;
    this.kept.set(handle, keptText);
    while (this.kept.size > KEPT_OUTPUTS) this.kept.delete(this.kept.keys().next().value!);
    return { ...this.page(handle, keptText, 0, pageChars), totalChars: keptText.length };
  }

  read(handle: string, offset: number, pageChars: number): OutputPage | undefined {
    const text = this.kept.get(handle);
    return text === undefined ? undefined : this.page(handle, text, offset, pageChars);
  }

  private page(handle: string, text: string, offset: number, pageChars: number): OutputPage {
    const end = Math.min(text.length, offset + pageChars);
    return {
      text: text.slice(offset, end),
      totalChars: text.length,
      nextOffset: end < text.length ? end : null,
      outputHandle: handle,
    };
  }
}
