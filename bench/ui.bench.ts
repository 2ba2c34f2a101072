// UI benchmark in browser mode: the simulator floods the session with event logs while
// Chromium (playwright-core + Debian's chromium) shows the Logs pane following the tail.
// Measured from inside the page: frame times (requestAnimationFrame deltas), dropped frames,
// JS heap at the end, pause-to-painted latency (the WebSocket message carrying a paused context
// → the next frame after the Registers pane changed), and cold start to interactive.
// Environment: HDS_UI_BENCH_SECONDS (default 60), HDS_UI_BENCH_RATE (target log messages/s,
// default 20000), HDS_UI_BENCH_PAUSES (default 20), CHROMIUM (default /usr/bin/chromium),
// HDS_UI_BENCH_SCREENSHOT (a .png path: the page at the end of the flood).
import { chromium, type Page } from 'playwright-core';
import type { BenchReport } from './run';
import { startBrowserHost } from '../electron/host/browser-host';
import { buildRenderer, rendererBuildReason } from '../electron/host/renderer-build';

const SECONDS = Number(process.env.HDS_UI_BENCH_SECONDS ?? 60);
const TARGET_RATE = Number(process.env.HDS_UI_BENCH_RATE ?? 20_000);
const PAUSES = Number(process.env.HDS_UI_BENCH_PAUSES ?? 20);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FRAME_BUDGET_MS = 1000 / 60;
const PAINT_TIMEOUT_MS = 10_000;

/** Event commands whose script prints one line per hit; together they cover most workload kinds. */
const FLOOD_EVENTS = [
  '!syscall script { printf("syscall %llx core %x\\n", @rax, $core); }',
  '!sysret script { printf("sysret %llx\\n", @rax); }',
  '!exception script { printf("exception on core %x\\n", $core); }',
  '!interrupt 0xd1 script { printf("interrupt d1 on core %x\\n", $core); }',
  '!cpuid script { printf("cpuid %llx\\n", @rax); }',
  '!msrread script { printf("rdmsr %llx\\n", @rcx); }',
  '!ioin script { printf("in %llx\\n", @rdx); }',
  '!ioout script { printf("out %llx\\n", @rdx); }',
];
/** Share of workload hits that the events above print for (see simulator/workload.ts weights). */
const PRINTING_SHARE = 0.5;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Records when a WebSocket message with a paused context arrives, and every frame time. */
const PAGE_PROBES = `
  window.__hdsBench = { pausedAt: [], frames: [], tail: [], recording: false };
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string' && event.data.includes('"paused":{"core"')) window.__hdsBench.pausedAt.push(performance.now());
      });
    }
  };
  let last = 0;
  let lastTailId = -1;
  const tick = (now) => {
    if (window.__hdsBench.recording && last) window.__hdsBench.frames.push(now - last);
    last = now;
    // The followed tail's newest row in this frame: arrival in main (its data-time, the main
    // process's clock) to this frame, once per new row id.
    const rows = document.querySelectorAll('[data-testid="log-row"]');
    const newest = rows[rows.length - 1];
    if (window.__hdsBench.recording && newest && Number(newest.dataset.id) > lastTailId) {
      lastTailId = Number(newest.dataset.id);
      window.__hdsBench.tail.push(performance.timeOrigin + performance.now() - Number(newest.dataset.time));
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

async function pauseToPaint(
  page: Page,
  invoke: (channel: string, payload: unknown) => Promise<unknown>,
  report: BenchReport,
): Promise<number[]> {
  const latencies: number[] = [];
  let missed = 0;
  for (let i = 0; i < PAUSES; i++) {
    await invoke('debug:run', { action: 'go' });
    await page.waitForTimeout(150);
    // Page-side code is passed as text: this file is type-checked without DOM typings.
    const painted = page.evaluate(`new Promise((resolve) => {
      const pane = document.querySelector('[data-testid="pane-registers"]') ?? document.body;
      const observer = new MutationObserver(() => {
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now()));
      });
      observer.observe(pane, { subtree: true, childList: true, characterData: true });
    })`) as Promise<number>;
    const before = (await page.evaluate('window.__hdsBench.pausedAt.length')) as number;
    await invoke('debug:pause', {});
    const paintedAt = await Promise.race([
      painted,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), PAINT_TIMEOUT_MS)),
    ]);
    if (paintedAt === null) {
      missed++;
      continue;
    }
    const arrivedAt = (await page.evaluate(`window.__hdsBench.pausedAt[${before}]`)) as number | undefined;
    if (arrivedAt !== undefined && paintedAt >= arrivedAt) latencies.push(paintedAt - arrivedAt);
  }
  if (missed > 0)
    report(`${missed} of ${PAUSES} halts did not change the Registers pane within ${PAINT_TIMEOUT_MS} ms`);
  return latencies;
}

export default async function (report: BenchReport): Promise<Record<string, number>> {
  if (rendererBuildReason() !== null && (await buildRenderer()) !== 0)
    throw new Error('the renderer build failed');
  const handle = await startBrowserHost({
    simOptions: { seed: 11, rate: Math.ceil(TARGET_RATE / PRINTING_SHARE) },
  });
  const invoke = async (channel: string, payload: unknown): Promise<unknown> => {
    const outcome = await handle.host.invoke(channel, payload);
    if (!outcome.ok) throw new Error(`${channel}: ${outcome.error.message}`);
    return outcome.value;
  };
  let finished = false;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('crash', () => report('the renderer process crashed'));
    browser.on('disconnected', () => {
      if (!finished) report('chromium exited before the benchmark finished');
    });
    page.on('pageerror', (error) => report(`page error: ${error.message}`));
    await page.addInitScript(PAGE_PROBES);

    const coldStart = performance.now();
    await page.goto(handle.url);
    await page.waitForSelector('[data-testid="status-state"]');
    const coldStartMs = performance.now() - coldStart;
    report(`cold start to interactive: ${coldStartMs.toFixed(0)} ms`);

    await invoke('session:connect', { endpoint: 'sim', signature: null });
    await invoke('debug:pause', {});
    report('connected to the simulator and halted; applying the flood events');
    for (const command of FLOOD_EVENTS) {
      const outcome = (await invoke('console:execute', { text: command })) as {
        ok: boolean;
        message: string | null;
      };
      if (!outcome.ok) report(`event not applied (${command}): ${outcome.message}`);
    }
    const logsTab = page.locator('[data-testid="tab-logs"]');
    if (await logsTab.count()) await logsTab.click();
    const follow = page.getByLabel('follow tail');
    if (await follow.count()) await follow.check();

    await invoke('debug:run', { action: 'go' });
    report(`flooding for ${SECONDS} s at a target of ${TARGET_RATE} log messages/s`);
    await page.waitForTimeout(1000);
    const countBefore = (
      (await invoke('logs:count', { session: null, filter: { stage: 'all' }, requestId: null })) as {
        total: number;
      }
    ).total;
    await page.evaluate('window.__hdsBench.recording = true');
    const floodStart = performance.now();
    await page.waitForTimeout(SECONDS * 1000);
    const floodSeconds = (performance.now() - floodStart) / 1000;
    if ((await follow.count()) && !(await follow.isChecked()))
      report('note: the Logs pane stopped following the tail during the flood');
    if (process.env.HDS_UI_BENCH_SCREENSHOT)
      await page.screenshot({ path: process.env.HDS_UI_BENCH_SCREENSHOT });
    const frames = (await page.evaluate(
      '(window.__hdsBench.recording = false, window.__hdsBench.frames)',
    )) as number[];
    const tail = ((await page.evaluate('window.__hdsBench.tail')) as number[]).sort((a, b) => a - b);
    const countAfter = (
      (await invoke('logs:count', { session: null, filter: { stage: 'all' }, requestId: null })) as {
        total: number;
      }
    ).total;
    const rate = (countAfter - countBefore) / floodSeconds;

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const heapMb = heap.usedSize / (1024 * 1024);

    const sorted = [...frames].sort((a, b) => a - b);
    const dropped = frames.reduce((n, delta) => n + Math.max(0, Math.round(delta / FRAME_BUDGET_MS) - 1), 0);
    report(
      `logs stored during the flood: ${(countAfter - countBefore).toLocaleString()} (${rate.toFixed(0)} messages/s, target ${TARGET_RATE})`,
    );
    report(
      `frames: ${frames.length}, p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, dropped ${dropped}`,
    );
    report(`renderer heap after GC: ${heapMb.toFixed(1)} MB`);
    report(
      `followed tail, arrival in main → row in a frame: p50 ${percentile(tail, 50).toFixed(1)} ms, p95 ${percentile(tail, 95).toFixed(1)} ms over ${tail.length} frames at ${rate.toFixed(0)} messages/s`,
    );

    const latencies = (await pauseToPaint(page, invoke, report)).sort((a, b) => a - b);
    report(
      `pause-to-paint over ${latencies.length} halts: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );

    return {
      ui_frame_p50_ms: round(percentile(sorted, 50)),
      ui_frame_p95_ms: round(percentile(sorted, 95)),
      ui_frame_p99_ms: round(percentile(sorted, 99)),
      ui_dropped_frames: dropped,
      ui_heap_mb: round(heapMb),
      ui_log_messages_per_s: Math.round(rate),
      logs_tail_visible_p95_ms: round(percentile(tail, 95)),
      pause_to_paint_p50_ms: round(percentile(latencies, 50)),
      pause_to_paint_p99_ms: round(percentile(latencies, 99)),
      ui_cold_start_ms: Math.round(coldStartMs),
    };
  } finally {
    finished = true;
    await browser.close();
    await handle.close();
  }
}
