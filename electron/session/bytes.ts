/** HyperDbg's address display: 16 hex digits with a backtick after the first 8. */
export function separateTo64BitValue(value: bigint): string {
  const hex = BigInt.asUintN(64, value).toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}\`${hex.slice(8)}`;
}

export function hex(value: number | bigint): string {
  return (typeof value === 'bigint' ? BigInt.asUintN(64, value) : value >>> 0).toString(16);
}
