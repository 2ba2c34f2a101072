import { describe, expect, it } from 'vitest';
import type { PausedContext } from '../../shared/ipc/model';
import { pausedContextText, pausedObjectsTitle } from './paused-context-text';

const known: PausedContext = {
  core: 0,
  processId: 0x6a0,
  threadId: 0x1c8,
  processName: 'explorer.exe',
  process: 'ffffc58a0f2c1040',
  thread: 'ffffc58a0f341040',
  reason: 'break-in',
  rip: 'fffff80312345678',
  registers: [],
  disassembly: [],
  eventTag: null,
  stage: null,
};

describe('paused context text', () => {
  it('shows core, hex pid with the process name, hex tid and the reason', () => {
    expect(pausedContextText(known)).toBe('core 0 · pid 6a0 (explorer.exe) · tid 1c8 · break-in');
    expect(pausedObjectsTitle(known)).toBe('EPROCESS ffffc58a0f2c1040 · ETHREAD ffffc58a0f341040');
  });

  it('says "?" for ids the session did not get, and keeps pid 0 (the idle process) as 0', () => {
    const unknown = {
      ...known,
      processId: null,
      threadId: null,
      processName: null,
      process: null,
      thread: null,
    };
    expect(pausedContextText(unknown)).toBe('core 0 · pid ? · tid ? · break-in');
    expect(pausedObjectsTitle(unknown)).toBeUndefined();
    const idle = { ...known, processId: 0, threadId: 0, processName: 'Idle' };
    expect(pausedContextText(idle)).toBe('core 0 · pid 0 (Idle) · tid 0 · break-in');
  });
});
