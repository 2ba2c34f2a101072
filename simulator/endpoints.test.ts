import net from 'node:net';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, type Frame } from '../shared/protocol/frame';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { encodeVersionPayload } from '../shared/protocol/payloads';
import { DEBUGGEE_KD_PAUSED_PACKET } from '../shared/protocol/structs';
import { listenSimulator, parseListenEndpoint, type SimulatorServer } from './endpoints';
import { createSimulatedDebuggee } from './index';

/** Collects frames from a byte source until `count` have arrived. */
function frameCollector() {
  const decoder = new FrameDecoder({ acceptedTypes: [3] });
  const frames: Frame[] = [];
  let waiter: (() => void) | undefined;
  return {
    frames,
    push(chunk: Uint8Array) {
      frames.push(...decoder.push(chunk));
      waiter?.();
    },
    async until(predicate: (frames: Frame[]) => boolean, ms = 5000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!predicate(frames)) {
        if (Date.now() > deadline) throw new Error(`timed out with ${frames.length} frames`);
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

const version = encodeFrame(
  2,
  RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DEBUGGER_VERSION,
  encodeVersionPayload('0.2.0-20250101.1200'),
);
const pause = encodeFrame(2, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE);
const hasAction = (action: number) => (frames: Frame[]) => frames.some((f) => f.action === action);

let server: SimulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('endpoints', () => {
  it('parses the endpoint forms and explains bad ones', () => {
    expect(parseListenEndpoint('tcp:127.0.0.1:50001')).toEqual({
      kind: 'tcp',
      host: '127.0.0.1',
      port: 50001,
    });
    expect(parseListenEndpoint('tcp:0')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 0 });
    expect(parseListenEndpoint('unix:/tmp/a.sock')).toEqual({ kind: 'unix', path: '/tmp/a.sock' });
    expect(parseListenEndpoint('pipe:\\\\.\\pipe\\hd')).toEqual({ kind: 'pipe', path: '\\\\.\\pipe\\hd' });
    expect(() => parseListenEndpoint('com2')).toThrow(/tcp:127.0.0.1:PORT/);
  });

  it('handshake and break-in over a loopback TCP socket', async () => {
    server = await listenSimulator({ kind: 'tcp', host: '127.0.0.1', port: 0 }, { seed: 5 });
    const port = Number(server.address.split(':')[2]);
    const socket = net.connect(port, '127.0.0.1');
    const rx = frameCollector();
    socket.on('data', (chunk) => rx.push(chunk));
    await rx.until(hasAction(RA.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION));
    socket.write(version);
    await rx.until(hasAction(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED));
    socket.write(pause);
    await rx.until(
      hasAction(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION),
    );
    const paused = rx.frames.find(
      (f) => f.action === RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION,
    );
    expect(DEBUGGEE_KD_PAUSED_PACKET.decode(paused?.payload ?? new Uint8Array()).PausingReason).toBe(2);
    socket.destroy();
  });

  it.runIf(process.platform === 'linux')(
    'handshake through a pseudo-terminal opened with serialport',
    async () => {
      server = await listenSimulator({ kind: 'pty' }, { seed: 5 });
      expect(server.address).toMatch(/^\/dev\/pts\/\d+$/);
      const port = new SerialPort({
        path: server.address,
        baudRate: 115200,
        dataBits: 8,
        parity: 'none',
        stopBits: 1,
      });
      await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject));
      const rx = frameCollector();
      port.on('data', (chunk: Buffer) => rx.push(chunk));
      server.runner?.debuggee.handshakeTimeout();
      await rx.until(hasAction(RA.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION));
      port.write(Buffer.from(version));
      await rx.until(hasAction(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED));
      port.write(Buffer.from(pause));
      await rx.until(
        hasAction(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION),
      );
      await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  );

  it('in-process: the Duplex pipe carries the handshake', async () => {
    const sim = createSimulatedDebuggee({ seed: 9 });
    const rx = frameCollector();
    sim.stream.on('data', (chunk: Buffer) => rx.push(chunk));
    await rx.until(hasAction(RA.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION));
    sim.stream.write(Buffer.from(version));
    await rx.until(hasAction(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED));
    expect(sim.debuggee.state).toBe('running');
    sim.close();
  });
});
