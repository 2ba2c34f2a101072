import { describe, expect, it } from 'vitest';
import { DEBUGGEE_PAUSING_REASON } from '../../shared/protocol';
import { pausingReasonName } from './pausing-reasons';

describe('pausingReasonName', () => {
  it('names every DEBUGGEE_PAUSING_REASON value of the generated v0.23 enum', () => {
    for (const [key, value] of Object.entries(DEBUGGEE_PAUSING_REASON)) {
      const name = pausingReasonName(value);
      expect(name, key).not.toBe('UNKNOWN');
      // The short name is the tail of the generated one (prefixes dropped, words kept in order).
      expect(key.replace(/DEBUGGEE_/g, ''), key).toContain(name.replace(/DEBUGGEE_/g, ''));
    }
  });

  it('gives distinct names and keeps the short names the session already used', () => {
    const values = Object.values(DEBUGGEE_PAUSING_REASON);
    expect(new Set(values.map(pausingReasonName)).size).toBe(values.length);
    expect(pausingReasonName(3)).toBe('DEBUGGEE_STEPPED');
    expect(pausingReasonName(5)).toBe('SOFTWARE_BREAKPOINT_HIT');
    expect(pausingReasonName(12)).toBe('STARTING_MODULE_LOADED');
    expect(pausingReasonName(13)).toBe('GENERAL_DEBUG_BREAK');
    expect(pausingReasonName(14)).toBe('GENERAL_THREAD_INTERCEPTED');
    expect(pausingReasonName(15)).toBe('HARDWARE_BASED_GENERAL_BREAK');
  });

  it('calls a value v0.23 does not define UNKNOWN', () => {
    expect(pausingReasonName(16)).toBe('UNKNOWN');
    expect(pausingReasonName(-1)).toBe('UNKNOWN');
    expect(pausingReasonName(0xffffffff)).toBe('UNKNOWN');
  });
});
