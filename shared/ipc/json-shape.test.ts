import { describe, expect, it } from 'vitest';
import { checkRequest } from './validate';
import { jsonShapeProblem } from './json-shape';

const limits = { maxDepth: 8, maxNodes: 50, maxChars: 200 };

function nested(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('jsonShapeProblem', () => {
  it('accepts plain JSON within the limits', () => {
    expect(jsonShapeProblem({ a: [1, 'x', null, true, { b: 2.5 }] }, limits)).toBeNull();
    expect(jsonShapeProblem(nested(8), limits)).toBeNull();
  });

  it('refuses too deep, too many, too large and non-JSON values', () => {
    expect(jsonShapeProblem(nested(9), limits)).toBe('nested deeper than 8 levels');
    expect(jsonShapeProblem(new Array(60).fill(1), limits)).toBe('more than 50 JSON values');
    expect(jsonShapeProblem({ text: 'x'.repeat(300) }, limits)).toBe('larger than 200 characters of JSON');
    expect(jsonShapeProblem({ n: Number.NaN }, limits)).toBe('a number that JSON cannot represent');
    expect(jsonShapeProblem({ when: new Date(0) }, limits)).toBe('an object that is not plain JSON');
    expect(jsonShapeProblem([undefined], limits)).toBe('a undefined value, which JSON cannot carry');
  });

  it('refuses a 1,000,000-deep array without overflowing the stack', () => {
    expect(jsonShapeProblem(nested(1_000_000), { ...limits, maxNodes: 2_000_000 })).toBe(
      'nested deeper than 8 levels',
    );
  });
});

describe('layout:save validation', () => {
  it('answers a 5,000-deep nested layout (about 10 KB of JSON) with invalid-request', () => {
    const text = '['.repeat(5000) + ']'.repeat(5000);
    expect(text.length).toBe(10_000);
    const checked = checkRequest('layout:save', { name: 'main', layout: JSON.parse(text) });
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.error.code).toBe('invalid-request');
      expect(checked.error.message).toContain('layout is nested deeper than 64 levels');
    }
  });

  it('still accepts an ordinary layout', () => {
    const layout = { panes: [{ id: 'console', size: [0.5, 0.5] }], version: 3 };
    expect(checkRequest('layout:save', { name: 'main', layout }).ok).toBe(true);
  });
});
