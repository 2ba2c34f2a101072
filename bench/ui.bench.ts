// UI benchmark in browser mode: the simulated debuggee, in a process of its own (`hds sim` on
// loopback tcp, as a VM would be), floods the session with event logs while Chromium
// (playwright-core + Debian's chromium) shows the Logs pane following the tail; main only
// decodes, stores (worker thread) and pushes, as with a real debuggee.
// Measured from inside the page: frame times (requestAnimationFrame deltas), dropped frames,
// JS heap at the end, pause-to-painted latency (the WebSocket message carrying a paused context
// → the next frame after the Registers pane changed), and cold start to interactive.
// Environment: HDS_UI_BENCH_SECONDS (default 60), HDS_UI_BENCH_RATE (target log messages/s,
// default 20000), HDS_UI_BENCH_PAUSES (default 20), CHROMIUM (default /usr/bin/chromium),
// HDS_UI_BENCH_SCREENSHOT (a .png path: the page at the end of the flood), HDS_UI_BENCH_BUDGET_SECONDS
// (default the flood plus 240 s: past it the bench stops, fails and says what it had measured),
// HDS_UI_BENCH_PROFILE (a folder: CPU profiles of main and of the page over the flood,
// main.cpuprofile and renderer.cpuprofile, for Chrome DevTools).
import { writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { BenchReport } from './run';
import { startBrowserHost } from '../electron/host/browser-host';
import { buildRenderer, rendererBuildReason } from '../electron/host/renderer-build';
import { IncompleteBenchmark } from './incomplete';
import { mainThreadSchedule } from './main-thread';
import { startSimProcess } from './sim-process';

const SECONDS = Number(process.env.HDS_UI_BENCH_SECONDS ?? 60);
const TARGET_RATE = Number(process.env.HDS_UI_BENCH_RATE ?? 20_000);
const PAUSES = Number(process.env.HDS_UI_BENCH_PAUSES ?? 20);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FRAME_BUDGET_MS = 1000 / 60;
const PAINT_TIMEOUT_MS = 10_000;
const PROFILE_DIR = process.env.HDS_UI_BENCH_PROFILE;
const BUDGET_MS = Number(process.env.HDS_UI_BENCH_BUDGET_SECONDS ?? SECONDS + 240) * 1000;

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
  window.__hdsBench = { pausedAt: [], frames: [], tail: [], recording: false, logTotal: 0, batches: 0 };
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string') return;
        if (event.data.includes('"paused":{"core"')) window.__hdsBench.pausedAt.push(performance.now());
        // main's running count of log messages it received (the batch's logCounts.total)
        const total = /"logCounts":\\{"total":(\\d+)/.exec(event.data);
        if (total) window.__hdsBench.logTotal = Number(total[1]);
        if (window.__hdsBench.recording && event.data.startsWith('{"type":"push","channel":"session:batch"')) window.__hdsBench.batches++;
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

/** CPU profiles of main (the inspector) and of the page (CDP) over one phase, when asked for. */
async function profiled<T>(page: Page, phase: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return phase();
  const inspector = new InspectorSession();
  inspector.connect();
  const cdp = await page.context().newCDPSession(page);
  // the same two Profiler calls on either side
  const profilers = {
    main: (method: string) => inspector.post(method) as Promise<unknown>,
    renderer: (method: 'Profiler.enable' | 'Profiler.start' | 'Profiler.stop') => cdp.send(method),
  };
  for (const post of Object.values(profilers)) {
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  const result = await phase();
  for (const [name, post] of Object.entries(profilers)) {
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(path.join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
  }
  inspector.disconnect();
  await cdp.detach();
  return result;
}

/**
 * The bench's time budget: every step races it, so on a swamped machine the bench stops, fails
 * and says which step was running and the figures it had measured, instead of hanging.
 */
class Budget {
  private readonly endsAt = performance.now() + BUDGET_MS;
  /** Figures measured so far (named as the returned keys). */
  readonly reached: Record<string, number> = {};

  async within<T>(step: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          const figures = Object.entries(this.reached).map(([key, value]) => `${key} = ${value}`);
          reject(
            new IncompleteBenchmark(
              `the UI bench ran out of its ${BUDGET_MS / 1000} s budget while ${step}; ` +
                `figures reached: ${figures.length > 0 ? figures.join(', ') : 'none'}`,
              this.reached,
            ),
          );
        },
        Math.max(0, this.endsAt - performance.now()),
      );
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Closing steps get this long each; a wedged browser or session must not hold the bench. */
const CLOSE_TIMEOUT_MS = 15_000;
const closeWithin = (work: Promise<unknown>): Promise<unknown> =>
  Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, CLOSE_TIMEOUT_MS))]);

export default async function (report: BenchReport): Promise<Record<string, number>> {
  const budget = new Budget();
  const { reached } = budget;
  if (rendererBuildReason() !== null && (await budget.within('building the renderer', buildRenderer())) !== 0)
    throw new Error('the renderer build failed');
  const sim = await budget.within(
    'starting hds sim',
    startSimProcess(['--seed', '11', '--rate', String(Math.ceil(TARGET_RATE / PRINTING_SHARE))]),
  );
  let handle: Awaited<ReturnType<typeof startBrowserHost>> | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  let finished = false;
  try {
    handle = await budget.within('starting the browser host', startBrowserHost());
    const host = handle.host;
    let pushedBatches = 0;
    host.onPush((channel) => {
      if (channel === 'session:batch') pushedBatches++;
    });
    const invoke = async (channel: string, payload: unknown): Promise<unknown> => {
      const outcome = await budget.within(channel, host.invoke(channel, payload));
      if (!outcome.ok) throw new Error(`${channel}: ${outcome.error.message}`);
      return outcome.value;
    };
    browser = await budget.within(
      'launching chromium',
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-dev-shm-usage', '--enable-precise-memory-info'],
      }),
    );
    browser.on('disconnected', () => {
      if (!finished) report('chromium exited before the benchmark finished');
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('crash', () => report('the renderer process crashed'));
    page.on('pageerror', (error) => report(`page error: ${error.message}`));
    await page.addInitScript(PAGE_PROBES);
    const evaluate = <T>(step: string, expression: string): Promise<T> =>
      budget.within(step, page.evaluate(expression) as Promise<T>);

    const coldStart = performance.now();
    await budget.within('loading the page', page.goto(handle.url));
    await budget.within('waiting for the page', page.waitForSelector('[data-testid="status-state"]'));
    const coldStartMs = performance.now() - coldStart;
    reached.ui_cold_start_ms = Math.round(coldStartMs);
    report(`cold start to interactive: ${coldStartMs.toFixed(0)} ms`);

    const connected = (await invoke('session:connect', {
      endpoint: sim.address,
      signature: sim.signature,
    })) as { ok: boolean; message: string | null };
    if (!connected.ok) throw new Error(`session:connect ${sim.address}: ${connected.message}`);
    await invoke('debug:pause', {});
    report(`connected to hds sim (its own process) at ${sim.address} and halted; applying the flood events`);
    for (const command of FLOOD_EVENTS) {
      const outcome = (await invoke('console:execute', { text: command })) as {
        ok: boolean;
        message: string | null;
      };
      if (!outcome.ok) report(`event not applied (${command}): ${outcome.message}`);
    }
    const logsTab = page.locator('[data-testid="tab-logs"]');
    if (await logsTab.count()) await budget.within('opening the Logs pane', logsTab.click());
    const follow = page.getByLabel('follow tail');
    if (await follow.count()) await budget.within('following the tail', follow.check());

    await invoke('debug:run', { action: 'go' });
    report(
      `flooding for ${SECONDS} s at a target of ${TARGET_RATE} log messages/s (load average ${loadavg()[0].toFixed(2)})`,
    );
    await budget.within('warming up', page.waitForTimeout(1000));
    const countBefore = await evaluate<number>(
      'starting to record',
      '(window.__hdsBench.recording = true, window.__hdsBench.logTotal)',
    );
    const floodStart = performance.now();
    const cpuBefore = mainThreadSchedule().cpu;
    const processCpuBefore = process.cpuUsage();
    const simCpuBefore = sim.cpuMs();
    const pushedBefore = pushedBatches;
    await budget.within(
      'flooding',
      profiled(page, () => page.waitForTimeout(SECONDS * 1000)),
    );
    const [countAfter, frames, batches] = await evaluate<[number, number[], number]>(
      'reading the frame times',
      '(window.__hdsBench.recording = false, [window.__hdsBench.logTotal, window.__hdsBench.frames, window.__hdsBench.batches])',
    );
    const floodSeconds = (performance.now() - floodStart) / 1000;
    const mainCpuMs = (mainThreadSchedule().cpu - cpuBefore) / 1e6;
    const pushed = pushedBatches - pushedBefore;
    const processCpu = process.cpuUsage(processCpuBefore);
    // the store's worker thread (SQLite) and the runtime's helper threads
    const otherThreadsCpuMs = (processCpu.user + processCpu.system) / 1000 - mainCpuMs;
    const simCpuMs = sim.cpuMs() - simCpuBefore;
    const rate = (countAfter - countBefore) / floodSeconds;
    reached.ui_log_messages_per_s = Math.round(rate);
    // main's own CPU per message received: what decides the rate it can keep up with
    if (countAfter > countBefore)
      reached.ui_main_cpu_us_per_msg = round((1000 * mainCpuMs) / (countAfter - countBefore));
    const tail = (await evaluate<number[]>('reading the tail latencies', 'window.__hdsBench.tail')).sort(
      (a, b) => a - b,
    );
    reached.logs_tail_visible_p95_ms = round(percentile(tail, 95));
    report(
      `log messages main received during the flood: ${(countAfter - countBefore).toLocaleString()} (${rate.toFixed(0)} messages/s, target ${TARGET_RATE}); ` +
        `main thread CPU ${((100 * mainCpuMs) / (floodSeconds * 1000)).toFixed(0)} % of one core, ${reached.ui_main_cpu_us_per_msg ?? '-'} µs per message; ` +
        `store worker and helper threads ${((100 * otherThreadsCpuMs) / (floodSeconds * 1000)).toFixed(0)} %; ` +
        `hds sim ${((100 * simCpuMs) / (floodSeconds * 1000)).toFixed(0)} %`,
    );
    report(
      `followed tail, arrival in main → row in a frame: p50 ${percentile(tail, 50).toFixed(1)} ms, p95 ${percentile(tail, 95).toFixed(1)} ms over ${tail.length} frames with new rows at ${rate.toFixed(0)} messages/s (main pushed ${(pushed / floodSeconds).toFixed(0)} session batches/s, ${(batches / floodSeconds).toFixed(0)}/s reached the page)`,
    );
    if ((await follow.count()) && !(await budget.within('reading follow', follow.isChecked())))
      report('note: the Logs pane stopped following the tail during the flood');
    if (process.env.HDS_UI_BENCH_SCREENSHOT)
      await budget.within(
        'taking the screenshot',
        page.screenshot({ path: process.env.HDS_UI_BENCH_SCREENSHOT }),
      );

    const sorted = [...frames].sort((a, b) => a - b);
    const dropped = frames.reduce((n, delta) => n + Math.max(0, Math.round(delta / FRAME_BUDGET_MS) - 1), 0);
    Object.assign(reached, {
      ui_frame_p50_ms: round(percentile(sorted, 50)),
      ui_frame_p95_ms: round(percentile(sorted, 95)),
      ui_frame_p99_ms: round(percentile(sorted, 99)),
      ui_dropped_frames: dropped,
    });
    report(
      `frames: ${frames.length}, p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, dropped ${dropped}`,
    );

    const latencies = (
      await budget.within('measuring pause-to-paint', pauseToPaint(page, invoke, report))
    ).sort((a, b) => a - b);
    reached.pause_to_paint_p50_ms = round(percentile(latencies, 50));
    reached.pause_to_paint_p99_ms = round(percentile(latencies, 99));
    report(
      `pause-to-paint over ${latencies.length} halts: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );

    // halted now: the heap is read without the flood's garbage in flight
    const cdp = await budget.within('opening CDP', page.context().newCDPSession(page));
    await budget.within('collecting garbage', cdp.send('HeapProfiler.collectGarbage'));
    const heap = (await budget.within('reading the heap', cdp.send('Runtime.getHeapUsage'))) as {
      usedSize: number;
    };
    const heapMb = heap.usedSize / (1024 * 1024);
    reached.ui_heap_mb = round(heapMb);
    report(`renderer heap after GC: ${heapMb.toFixed(1)} MB`);
    report(
      `load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')} on ${cpus().length} CPUs`,
    );
    return reached;
  } finally {
    finished = true;
    if (browser) await closeWithin(browser.close());
    if (handle) await closeWithin(handle.close());
    await sim.stop();
  }
}
