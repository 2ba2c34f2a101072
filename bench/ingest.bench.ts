/**
 * Log ingest: 1,000,000 debuggee log messages (a41) as wire bytes → FrameDecoder → log packet
 * decoding → SqliteLogStore (file-backed, WAL, FTS5, batched transactions). Reports sustained
 * messages/s and MB/s of wire bytes, and the process's peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchReport } from './run';
import { encodeFrame, FrameDecoder } from '../shared/protocol';
import { decodeLogPacket } from '../electron/session/packets';
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
function chunkOfFrames(first: number): Uint8Array {
  const frames: Uint8Array[] = [];
  let size = 0;
  for (let i = first; i < first + CHUNK_MESSAGES; i++) {
    const frame =
      i % 10 === 0
        ? logFrame(1, `(12:00:00.${String(i % 1000).padStart(3, '0')} - core : ${i % 4} - vmx-root? yes)\t [+] Information (Fn:12) | message ${i}\n`)
        : logFrame(0x1000000 + (i % 8), `syscall ${(i % 400).toString(16)} by pid ${(i % 97).toString(16)} rcx=${i.toString(16)}\n`);
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
  const store = new SqliteLogStore({ path: path.join(dir, 'session.sqlite'), ringCapacity: 10_000 });
  const decoder = new FrameDecoder({ acceptedTypes: [DEBUGGEE_TO_DEBUGGER] });
  let peakRss = process.memoryUsage().rss;
  let wireBytes = 0;
  let sequence = 0;
  // Only decoding and storing is timed; building the input frames is not part of ingest.
  let elapsed = 0;
  for (let first = 0; first < MESSAGES; first += CHUNK_MESSAGES) {
    const chunk = chunkOfFrames(first);
    wireBytes += chunk.length;
    const started = performance.now();
    for (const frame of decoder.push(chunk)) {
      if (frame.action !== LOG_ACTION) continue;
      const { operationCode, text } = decodeLogPacket(frame.payload);
      store.append({ operationCode, text, arrivedAt: Date.now(), sequence: sequence++ });
    }
    elapsed += performance.now() - started;
    if (first % 50_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const flushStarted = performance.now();
  store.flush();
  const seconds = (elapsed + performance.now() - flushStarted) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const stored = store.count();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  if (stored !== MESSAGES) throw new Error(`stored ${stored} of ${MESSAGES} messages`);
  const perSecond = Math.round(MESSAGES / seconds);
  const mbPerSecond = Math.round((wireBytes / 1e6 / seconds) * 10) / 10;
  const rssMb = Math.round(peakRss / 1e6);
  report(`ingested ${MESSAGES} log messages (${(wireBytes / 1e6).toFixed(1)} MB on the wire) in ${seconds.toFixed(2)} s`);
  report(`${perSecond} messages/s, ${mbPerSecond} MB/s, peak RSS ${rssMb} MB`);
  return { ingest_messages_per_s: perSecond, ingest_mb_per_s: mbPerSecond, ingest_rss_mb: rssMb };
}
