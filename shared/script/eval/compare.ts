/** The six comparison operators, shared by the integer, pointer and float families. */
export type ComparisonOp = 'gt' | 'lt' | 'ge' | 'le' | 'eq' | 'ne';

export function isComparison(op: string): op is ComparisonOp {
  return op === 'gt' || op === 'lt' || op === 'ge' || op === 'le' || op === 'eq' || op === 'ne';
}

/** `left op right` as the engine's boolean result (1 or 0), in the operands' own domain. */
export function compare<T extends number | bigint>(op: ComparisonOp, left: T, right: T): bigint {
  switch (op) {
    case 'gt':
      return left > right ? 1n : 0n;
    case 'lt':
      return left < right ? 1n : 0n;
    case 'ge':
      return left >= right ? 1n : 0n;
    case 'le':
      return left <= right ? 1n : 0n;
    case 'eq':
      return left === right ? 1n : 0n;
    case 'ne':
      return left !== right ? 1n : 0n;
  }
}
