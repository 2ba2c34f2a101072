import { describe, expect, it } from 'vitest';
import { registerDisplayOrder } from './register-order';

describe('register display order', () => {
  it('puts rip and rflags first and keeps the rest in order', () => {
    const names = ['rax', 'rcx', 'rflags', 'rsp', 'rip'].map((name) => ({ name }));
    expect(registerDisplayOrder(names).map((r) => r.name)).toEqual(['rip', 'rflags', 'rax', 'rcx', 'rsp']);
    expect(registerDisplayOrder([{ name: 'eax' }]).map((r) => r.name)).toEqual(['eax']);
  });
});
