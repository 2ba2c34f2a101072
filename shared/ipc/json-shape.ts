// Depth and size limits for untrusted JSON values (the renderer's layout blob, anything a browser
// tab sends), checked iteratively before any recursive code (zod, JSON.stringify, a store) sees
// the value: a 10 KB message of 5,000 nested arrays must be refused, not overflow the stack.

export interface JsonLimits {
  /** Nesting of arrays and objects; the top-level value is depth 0. */
  readonly maxDepth: number;
  /** Values of any kind, containers included. */
  readonly maxNodes: number;
  /** Characters of `JSON.stringify(value)`, measured only once depth and count are known to be safe. */
  readonly maxChars: number;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Why `value` is not a plain JSON value within `limits`, or null when it is. Never recurses. */
export function jsonShapeProblem(value: unknown, limits: JsonLimits): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let nodes = 1;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    switch (typeof current) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(current)) return 'a number that JSON cannot represent';
        continue;
      case 'object': {
        if (current === null) continue;
        if (depth >= limits.maxDepth) return `nested deeper than ${limits.maxDepth} levels`;
        if (!Array.isArray(current) && !isPlainObject(current)) return 'an object that is not plain JSON';
        const children: unknown[] = Array.isArray(current) ? current : Object.values(current);
        nodes += children.length;
        if (nodes > limits.maxNodes) return `more than ${limits.maxNodes} JSON values`;
        for (const child of children) stack.push({ value: child, depth: depth + 1 });
        continue;
      }
      default:
        return `a ${typeof current} value, which JSON cannot carry`;
    }
  }
  if (JSON.stringify(value).length > limits.maxChars)
    return `larger than ${limits.maxChars} characters of JSON`;
  return null;
}
