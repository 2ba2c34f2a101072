import { describe, expect, it } from 'vitest';
import { boundedWait, OutputPages } from './bounds';

describe('boundedWait', () => {
  it('gives the value when the work finishes in time', async () => {
    await expect(boundedWait(Promise.resolve(7), { timeoutMs: 1000 })).resolves.toEqual({
      kind: 'done',
      value: 7,
    });
  });

  it('stops waiting at the timeout while the work never settles, reporting progress meanwhile', async () => {
    const ticks: number[] = [];
    const outcome = await boundedWait(new Promise(() => undefined), {
      timeoutMs: 1200,
      progress: (elapsed) => ticks.push(elapsed),
    });
    expect(outcome).toMatchObject({ kind: 'timeout' });
    expect(outcome.kind === 'timeout' && outcome.afterMs).toBeGreaterThanOrEqual(1150);
    expect(ticks.length).toBe(1);
  });

  it('stops waiting when the caller cancels, also when it cancelled before', async () => {
    const controller = new AbortController();
    const waiting = boundedWait(new Promise(() => undefined), {
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    await expect(waiting).resolves.toEqual({ kind: 'cancelled' });
    await expect(
      boundedWait(new Promise(() => undefined), { timeoutMs: 60_000, signal: controller.signal }),
    ).resolves.toEqual({ kind: 'cancelled' });
  });

  it('passes the work’s error on', async () => {
    await expect(boundedWait(Promise.reject(new Error('link lost')), { timeoutMs: 1000 })).rejects.toThrow(
      'link lost',
    );
  });
});

describe('OutputPages', () => {
  it('returns short text whole and long text in pages under a handle', () => {
    const pages = new OutputPages();
    expect(pages.firstPage('short', 10)).toEqual({
      text: 'short',
      totalChars: 5,
      nextOffset: null,
      outputHandle: null,
    });
    const first = pages.firstPage('0123456789abcdef', 10);
    expect(first).toEqual({ text: '0123456789', totalChars: 16, nextOffset: 10, outputHandle: 'out-1' });
    expect(pages.read('out-1', 10, 10)).toEqual({
      text: 'abcdef',
      totalChars: 16,
      nextOffset: null,
      outputHandle: 'out-1',
    });
    expect(pages.read('out-2', 0, 10)).toBeUndefined();
  });

  it('keeps only the 32 newest long outputs', () => {
    const pages = new OutputPages();
    for (let i = 0; i < 33; i++) pages.firstPage(`long output ${i}`, 4);
    expect(pages.read('out-1', 0, 4)).toBeUndefined();
    expect(pages.read('out-2', 0, 100)?.text).toBe('long output 1');
    expect(pages.read('out-33', 0, 100)?.text).toBe('long output 32');
  });
});
