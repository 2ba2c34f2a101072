import type { EventEmitter } from 'node:events';
import { access, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { streamTransport, TransportError, type ByteTransport } from './transport';

/** A serial port as the connection dialog lists it. */
export interface SerialPortEntry {
  readonly path: string;
  /** e.g. "USB Serial Port (COM3) - FTDI" or the bare path when the OS tells nothing more. */
  readonly friendlyName: string;
}

export async function listSerialPorts(): Promise<SerialPortEntry[]> {
  // serialport lists Linux ports through `udevadm`; without it (containers, minimal systems) its
  // child process fails outside any promise, so look at /dev ourselves instead.
  if (process.platform === 'linux' && !(await onPath('udevadm'))) return listLinuxDevices();
  const ports = await SerialPort.list();
  return ports.map((port) => {
    const details = [
      (port as { friendlyName?: string }).friendlyName,
      port.manufacturer,
      port.serialNumber ? `s/n ${port.serialNumber}` : undefined,
    ].filter((part): part is string => typeof part === 'string' && part !== '');
    return {
      path: port.path,
      friendlyName: details.length ? `${port.path} - ${details.join(' - ')}` : port.path,
    };
  });
}

async function onPath(program: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (
      dir &&
      (await access(path.join(dir, program)).then(
        () => true,
        () => false,
      ))
    )
      return true;
  }
  return false;
}

/** Serial devices from /dev, named by their /dev/serial/by-id links when udev made any. */
async function listLinuxDevices(): Promise<SerialPortEntry[]> {
  const names = await readdir('/dev').catch(() => [] as string[]);
  const byId = new Map<string, string>();
  for (const link of await readdir('/dev/serial/by-id').catch(() => [] as string[])) {
    const target = await realpath(path.join('/dev/serial/by-id', link)).catch(() => undefined);
    if (target) byId.set(target, link);
  }
  return names
    .filter((name) => /^tty(S\d+|USB\d+|ACM\d+|AMA\d+)$/.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => {
      const device = `/dev/${name}`;
      const id = byId.get(device);
      return { path: device, friendlyName: id ? `${device} - ${id}` : device };
    });
}

/** Opens 8N1 at `baudRate` with no flow control (as HyperDbg sets its DCB). */
export function openSerialPort(path: string, baudRate: number): Promise<ByteTransport> {
  const label = `serial:${path}@${baudRate}`;
  return new Promise((resolve, reject) => {
    const port = new SerialPort({
      path,
      baudRate,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      rtscts: false,
      autoOpen: false,
    });
    port.open((error) => {
      if (!error) {
        checkpointAfterPoll(port);
        resolve(streamTransport(label, port));
        return;
      }
      reject(serialOpenError(path, label, error));
    });
  });
}

/**
 * serialport's Unix binding resumes a read that found no bytes from a promise it resolves inside
 * its native poll callback, and Node 26 runs no microtask checkpoint after that callback: the read
 * then waits until some unrelated task runs (on a quiet link, until a timeout fires, so the
 * handshake fails). A task scheduled from the same callback brings the checkpoint into this turn of
 * the event loop. Node 22 and 24 run that checkpoint anyway; there it costs one empty task per
 * poll.
 */
function checkpointAfterPoll(port: SerialPort): void {
  const poller = (port.port as { poller?: EventEmitter } | undefined)?.poller;
  poller?.on('readable', () => setImmediate(() => undefined));
}

function serialOpenError(path: string, label: string, error: Error): TransportError {
  const text = error.message;
  if (/ENOENT|cannot find|not found|no such file/i.test(text)) {
    return new TransportError(
      'not-found',
      `err, serial port ${path} does not exist; check the port name (run 'hds connect --list-ports' to see the ports)` +
        ' and that the cable/adapter is plugged in',
    );
  }
  if (/EBUSY|Access denied|Resource busy|Cannot lock port|in use/i.test(text)) {
    return new TransportError(
      'busy',
      `err, serial port ${path} is busy; close the other program using it (another debugger, a terminal, a VM)`,
    );
  }
  if (/EACCES|permission/i.test(text)) {
    return new TransportError(
      'permission',
      `err, no permission to open ${path}; on Linux add your user to the 'dialout' group (or check the device's mode)`,
    );
  }
  return new TransportError('other', `err, cannot open ${label}: ${text}`);
}
