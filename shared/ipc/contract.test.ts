import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  MAX_COMMAND_TEXT,
  MAX_MEMORY_READ,
  REQUEST_CHANNELS,
  checkPush,
  checkRequest,
  checkResponse,
  createIpcClient,
  IpcCallError,
  type IpcTransport,
  type SessionBatch,
} from './index';

const validBatch: SessionBatch = {
  seq: 3,
  state: { phase: 'paused', endpoint: 'sim', detail: null },
  paused: {
    core: 0,
    processId: 4,
    threadId: 0x1c,
    processName: 'System',
    process: 'ffffc58a0f2c1040',
    thread: 'ffffc58a0f341040',
    reason: 'pause (break-in)',
    rip: 'fffff80312345678',
    registers: [{ name: 'rax', value: '0' }],
    disassembly: [{ address: 'fffff80312345678', bytes: '90', text: 'nop', current: true }],
    eventTag: null,
    stage: null,
  },
  console: [{ stream: 'output', text: 'hello\n' }],
  logs: [{ id: 1, time: 1700000000000, kind: 'info', eventTag: 0x1000001, stage: 'pre', core: 2, text: 'x' }],
};

describe('checkRequest', () => {
  it('accepts a well-formed call of each kind it is given', () => {
    const calls: Array<[string, unknown]> = [
      ['ports:list', {}],
      ['session:connect', { endpoint: 'serial:COM2@115200', signature: '0.2.0-20250312.1542' }],
      ['session:connect', { endpoint: 'sim', signature: null }],
      ['session:connect', { endpoint: 'serial:/dev/ttyS0', signature: null }],
      ['session:connect', { endpoint: 'tcp:127.0.0.1:5000', signature: null }],
      ['session:connect', { endpoint: 'pipe:\\\\.\\pipe\\com_1', signature: null }],
      [
        'console:execute',
        { text: '!monitor rw fffff80312345678 fffff80312345690 stage all script { printf("%x", $stage); }' },
      ],
      ['debug:run', { action: 'step-over' }],
      ['memory:read', { kind: 'virtual', address: 'fffff80312345678', length: 256 }],
      ['memory:write', { kind: 'physical', address: '1000', bytes: '90cc' }],
      ['registers:write', { name: 'rax', value: 'dead' }],
      ['registers:read', { names: ['cr0', 'dr7', 'gdtr'] }],
      [
        'logs:query',
        {
          session: null,
          filter: { stage: 'post', eventTag: 0x1000002, text: 'hit', textMode: 'fts' },
          afterId: 200,
          beforeId: null,
          limit: 100,
          requestId: 3,
        },
      ],
      [
        'logs:count',
        {
          session: '2026-12-06T01-29-56-123Z_sim',
          filter: { stage: 'all', text: 'a+', textMode: 'regex' },
          requestId: null,
        },
      ],
      [
        'logs:export',
        { session: null, format: 'csv', filter: { stage: 'all' }, path: null, requestId: null },
      ],
      ['logs:cancel', { requestId: 3 }],
      ['logs:sessions', {}],
      ['logs:delete-session', { session: '2026-12-06T01-29-56-123Z_sim' }],
      ['events:modify', { action: 'clear', tag: 'all' }],
      ['events:modify', { action: 'disable', tag: 0x1000003 }],
      ['pool:prealloc', { type: 'regular-event', count: 10 }],
      ['pool:forecast', { commandText: '!epthook nt!NtCreateFile script { printf("x"); }' }],
      ['settings:set', { patch: { symbolDownload: true } }],
    ];
    for (const [channel, payload] of calls) {
      const result = checkRequest(channel, payload);
      expect(
        result.ok,
        `${channel} ${JSON.stringify(payload)} → ${result.ok ? '' : result.error.message}`,
      ).toBe(true);
    }
  });

  it('covers every request channel with a schema', () => {
    expect(REQUEST_CHANNELS.length).toBeGreaterThanOrEqual(23);
    expect(REQUEST_CHANNELS).toContain('session:snapshot');
  });

  it('rejects an unknown channel, including prototype keys', () => {
    for (const channel of ['shell:exec', 'toString', '__proto__', 42, undefined]) {
      const result = checkRequest(channel, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-request');
    }
  });

  it('rejects wrong types', () => {
    const bad: Array<[string, unknown]> = [
      ['console:execute', { text: 42 }],
      ['console:execute', null],
      ['console:execute', 'g'],
      ['memory:read', { kind: 'virtual', address: 0x1000, length: 16 }],
      ['memory:read', { kind: 'virtual', address: '0x1000', length: 16 }],
      ['memory:read', { kind: 'virtual', address: '10000000000000000', length: 16 }],
      ['memory:read', { kind: 'virtual', address: '1000', length: 1.5 }],
      ['memory:read', { kind: 'virtual', address: '1000', length: -1 }],
      ['memory:write', { kind: 'virtual', address: '1000', bytes: '9' }],
      ['memory:write', { kind: 'virtual', address: '1000', bytes: 'zz' }],
      ['debug:run', { action: 'reboot' }],
      ['session:connect', { endpoint: 'http://x', signature: null }],
      ['session:connect', { endpoint: 'sim' }],
      ['registers:write', { name: 'rax; g', value: '1' }],
      ['registers:read', { names: [] }],
      ['registers:read', { names: ['cr0; g'] }],
      ['registers:read', { names: Array.from({ length: 33 }, () => 'cr0') }],
      ['events:modify', { action: 'clear', tag: 'some' }],
      ['pool:prealloc', { type: 'huge-event', count: 1 }],
      [
        'logs:query',
        {
          session: null,
          filter: { stage: 'both' },
          afterId: null,
          beforeId: null,
          limit: 10,
          requestId: null,
        },
      ],
      ['logs:query', { session: null, filter: { stage: 'all' }, offset: 0, limit: 10, requestId: null }],
      ['logs:count', { session: '../../etc/passwd', filter: { stage: 'all' }, requestId: null }],
      ['settings:set', { patch: { theme: 'blue' } }],
    ];
    for (const [channel, payload] of bad) {
      const result = checkRequest(channel, payload);
      expect(result.ok, `${channel} ${JSON.stringify(payload)} should be rejected`).toBe(false);
    }
  });

  it('rejects extra fields at every level', () => {
    expect(checkRequest('ports:list', { all: true }).ok).toBe(false);
    expect(checkRequest('console:execute', { text: 'g', asAdmin: true }).ok).toBe(false);
    expect(
      checkRequest('logs:count', { session: null, filter: { stage: 'all', sql: '1=1' }, requestId: null }).ok,
    ).toBe(false);
    expect(checkRequest('settings:set', { patch: { theme: 'dark', nodeIntegration: true } }).ok).toBe(false);
  });

  it('rejects oversize strings and ranges with a message naming the field', () => {
    const long = checkRequest('console:execute', { text: 'g'.repeat(MAX_COMMAND_TEXT + 1) });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toMatch(/^console:execute: text: /);
    expect(checkRequest('console:execute', { text: 'g'.repeat(MAX_COMMAND_TEXT) }).ok).toBe(true);
    expect(
      checkRequest('memory:read', { kind: 'virtual', address: '0', length: MAX_MEMORY_READ + 1 }).ok,
    ).toBe(false);
    expect(
      checkRequest('logs:count', {
        session: null,
        filter: { stage: 'all', text: 'x'.repeat(513) },
        requestId: null,
      }).ok,
    ).toBe(false);
  });

  it('rejects an empty command line', () => {
    expect(checkRequest('console:execute', { text: '' }).ok).toBe(false);
  });
});

describe('checkResponse and checkPush', () => {
  it('accepts a valid batch and rejects a malformed one', () => {
    expect(checkPush('session:batch', validBatch).ok).toBe(true);
    expect(checkPush('session:batch', { ...validBatch, seq: -1 }).ok).toBe(false);
    expect(checkPush('session:batch', { ...validBatch, extra: 1 }).ok).toBe(false);
    expect(
      checkPush('session:batch', { ...validBatch, logs: [{ ...validBatch.logs[0], stage: 'middle' }] }).ok,
    ).toBe(false);
  });

  it('checks responses against their channel', () => {
    expect(checkResponse('settings:get', DEFAULT_SETTINGS).ok).toBe(true);
    expect(checkResponse('settings:get', { ...DEFAULT_SETTINGS, theme: 'neon' }).ok).toBe(false);
  });

  it('requires the symbol download opt-in as a boolean, off by default', () => {
    expect(DEFAULT_SETTINGS.symbolDownload).toBe(false);
    expect(checkResponse('settings:get', { ...DEFAULT_SETTINGS, symbolDownload: true }).ok).toBe(true);
    expect(checkResponse('settings:get', { ...DEFAULT_SETTINGS, symbolDownload: 'yes' }).ok).toBe(false);
    const { symbolDownload: _omitted, ...withoutDownload } = DEFAULT_SETTINGS;
    expect(checkResponse('settings:get', withoutDownload).ok).toBe(false);
    expect(checkRequest('settings:set', { patch: { symbolDownload: true } }).ok).toBe(true);
    expect(checkRequest('settings:set', { patch: { symbolDownload: 1 } }).ok).toBe(false);
  });

  it('takes the log retention as four whole numbers, 0 lifting a limit', () => {
    const retention = { maxSessions: 0, maxAgeDays: 7, maxTotalMb: 100, minFreeMb: 0 };
    expect(checkRequest('settings:set', { patch: { logRetention: retention } }).ok).toBe(true);
    for (const bad of [
      { ...retention, maxSessions: -1 },
      { ...retention, maxAgeDays: 1.5 },
      { ...retention, maxTotalMb: '100' },
      { maxSessions: 3 },
      { ...retention, keepForever: true },
    ])
      expect(checkRequest('settings:set', { patch: { logRetention: bad } }).ok, JSON.stringify(bad)).toBe(
        false,
      );
  });
});

describe('createIpcClient', () => {
  function fakeTransport(answer: (channel: string, payload: unknown) => unknown) {
    const sent: Array<[string, unknown]> = [];
    const subscribers = new Map<string, (payload: unknown) => void>();
    const transport: IpcTransport = {
      async invoke(channel, payload) {
        sent.push([channel, payload]);
        return answer(channel, payload);
      },
      subscribe(channel, listener) {
        subscribers.set(channel, listener);
        return () => subscribers.delete(channel);
      },
    };
    return { transport, sent, subscribers };
  }

  it('sends a valid call and returns the validated value', async () => {
    const fake = fakeTransport(() => ({ ok: true, value: { ok: true, message: null } }));
    const client = createIpcClient(fake.transport);
    await expect(client.invoke('console:execute', { text: 'r' })).resolves.toEqual({
      ok: true,
      message: null,
    });
    expect(fake.sent).toEqual([['console:execute', { text: 'r' }]]);
  });

  it('never sends an invalid call', async () => {
    const fake = fakeTransport(() => ({ ok: true, value: {} }));
    const client = createIpcClient(fake.transport);
    const call = client.invoke('console:execute', { text: 5 } as unknown as { text: string });
    await expect(call).rejects.toBeInstanceOf(IpcCallError);
    await expect(call).rejects.toMatchObject({ code: 'invalid-request' });
    expect(fake.sent).toEqual([]);
  });

  it('turns a failure outcome into IpcCallError with the main-side message', async () => {
    const fake = fakeTransport(() => ({
      ok: false,
      error: { code: 'failed', message: 'err, the debuggee is not paused', channel: 'memory:read' },
    }));
    const client = createIpcClient(fake.transport);
    await expect(
      client.invoke('memory:read', { kind: 'virtual', address: '0', length: 1 }),
    ).rejects.toMatchObject({
      code: 'failed',
      message: 'err, the debuggee is not paused',
    });
  });

  it('rejects a response that breaks the contract', async () => {
    const fake = fakeTransport(() => ({ ok: true, value: { ports: [{ path: 3 }] } }));
    const client = createIpcClient(fake.transport);
    await expect(client.invoke('ports:list', {})).rejects.toMatchObject({ code: 'invalid-response' });
  });

  it('delivers valid pushes and drops invalid ones', () => {
    const fake = fakeTransport(() => undefined);
    const invalid: string[] = [];
    const client = createIpcClient(fake.transport, { onInvalidPush: (_c, message) => invalid.push(message) });
    const received: SessionBatch[] = [];
    const unsubscribe = client.on('session:batch', (batch) => received.push(batch));
    const push = fake.subscribers.get('session:batch');
    push?.(validBatch);
    push?.({ seq: 'x' });
    expect(received).toEqual([validBatch]);
    expect(invalid).toHaveLength(1);
    unsubscribe();
    expect(fake.subscribers.has('session:batch')).toBe(false);
  });
});

describe('checkRequest on arbitrary input', () => {
  it('never throws, whatever the channel and payload', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...REQUEST_CHANNELS), fc.string()),
        fc.anything(),
        (channel, payload) => {
          const result = checkRequest(channel, payload);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects any extra key added to a valid call', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !['text'].includes(key)),
        fc.jsonValue(),
        (key, value) => {
          const payload = { text: 'g', [key]: value };
          expect(checkRequest('console:execute', payload).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
