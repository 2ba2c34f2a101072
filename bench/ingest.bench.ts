/**
 * Log ingest: 1,000,000 debuggee log messages (a41) as wire bytes → the debugger session
 * (its FrameDecoder and log handling, exactly as bytes from a transport) → SqliteLogStore
 * (file-backed, WAL, FTS5, batched transactions). Reports sustained messages/s and MB/s of wire
 * bytes, and the process's peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchReport } from './run';
import { encodeFrame } from '../shared/protocol';
import { DebuggerEventTagStartSeed } from '../shared/protocol/generated/constants';
import { DebuggerSession } from '../electron/session/session';
import { createMemoryTransportPair } from '../electron/transport/transport';
import { SqliteLogStore } from '../electron/logs/log-store';

const MESSAGES = 1_000_000;
const LOG_ACTION = 41;
const DEBUGGEE_TO_DEBUGGER = 3;
const CHUNK_MESSAGES = 500;

function logFrame(operationCode: number, text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const payload = new Uint8Array(4 + body.length);
  new DataView(payload.buffer).setUint32(0, operationCode, true);
  payload.set(body, 4);
  return encodeFrame(DEBUGGEE_TO_DEBUGGER, LOG_ACTION, payload);
}

/** A realistic mix: event script output (tagged), kernel info lines, some warnings. */
export function chunkOfFrames(first: number, count = CHUNK_MESSAGES): Uint8Array {
  const frames: Uint8Array[] = [];
  let size = 0;
  for (let i = first; i < first + count; i++) {
    const frame =
      i % 10 === 0
        ? logFrame(
            1,
            `(12:00:00.${String(i % 1000).padStart(3, '0')} - core : ${i % 4} - vmx-root? yes)\t [+] Information (Fn:12) | message ${i}\n`,
          )
        : logFrame(
            DebuggerEventTagStartSeed + (i % 8),
            `syscall ${(i % 400).toString(16)} by pid ${(i % 97).toString(16)} rcx=${i.toString(16)}\n`,
          );
    frames.push(frame);
    size += frame.length;
  }
  const chunk = new Uint8Array(size);
  let offset = 0;
  for (const frame of frames) {
    chunk.set(frame, offset);
    offset += frame.length;
  }
  return chunk;
}

export default async function (report: BenchReport): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hds-ingest-'));
  // As in a session: SQLite in the store's worker thread.
  const store = new SqliteLogStore({
    path: path.join(dir, 'session.sqlite'),
    thread: 'worker',
  });
  const session = new DebuggerSession({ signature: '0.2.0-20250101.1200', handshakeStallMs: 3_600_000 });
  session.attach(createMemoryTransportPair('bench')[0]);
  session.on('log', (message) => store.append(message));
  let peakRss = process.memoryUsage().rss;
  let wireBytes = 0;
  // Only decoding and storing is timed; building the input frames is not part of ingest.
  let elapsed = 0;
  let cpuMicros = 0;
  for (let first = 0; first < MESSAGES; first += CHUNK_MESSAGES) {
    const chunk = chunkOfFrames(first);
    wireBytes += chunk.length;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    session.receive(chunk);
    elapsed += performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    cpuMicros += cpu.user + cpu.system;
    if (first % 50_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const flushStarted = performance.now();
  const flushCpu = process.cpuUsage();
  // Done when the worker has written every row: its answer to a count comes after the last batch.
  const stored = await store.count();
  const seconds = (elapsed + performance.now() - flushStarted) / 1000;
  const finalCpu = process.cpuUsage(flushCpu);
  const cpuSeconds = (cpuMicros + finalCpu.user + finalCpu.system) / 1e6;
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const gaps = store.stats().sequenceGaps;
  await session.detach();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (stored !== MESSAGES || gaps !== 0)
    throw new Error(`stored ${stored} of ${MESSAGES} messages (${gaps} sequence gaps)`);
  const perSecond = Math.round(MESSAGES / seconds);
  const mbPerSecond = Math.round((wireBytes / 1e6 / seconds) * 10) / 10;
  const rssMb = Math.round(peakRss / 1e6);
  report(
    `ingested ${MESSAGES} log messages (${(wireBytes / 1e6).toFixed(1)} MB on the wire) in ${seconds.toFixed(2)} s`,
  );
  // On a shared machine wall time includes waiting for a CPU; the CPU-time rate shows the cost itself.
  const perCpuSecond = Math.round(MESSAGES / cpuSeconds);
  report(`${perSecond} messages/s, ${mbPerSecond} MB/s, peak RSS ${rssMb} MB`);
  report(
    `${perCpuSecond} messages per CPU-second (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)`,
  );
  return {
    ingest_messages_per_s: perSecond,
    ingest_mb_per_s: mbPerSecond,
    ingest_rss_mb: rssMb,
    ingest_messages_per_cpu_s: perCpuSecond,
  };
}
