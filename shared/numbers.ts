/**
 * HyperDbg's number syntax (ConvertStringToUInt64): hex by default; `0x`/`\x`/`x` force hex,
 * `0n`/`\n`/`n` force decimal; backticks are ignored (fffff801`63a1b2c3). Unlike HyperDbg we
 * refuse values that do not fit instead of saturating them.
 */
export function parseHyperDbgNumber(text: string): bigint | undefined {
  let body = text;
  let decimal = false;
  const lower = body.toLowerCase();
  if (lower.startsWith('0x') || lower.startsWith('\\x')) body = body.slice(2);
  else if (lower.startsWith('x')) body = body.slice(1);
  else if (lower.startsWith('0n') || lower.startsWith('\\n')) {
    body = body.slice(2);
    decimal = true;
  } else if (lower.startsWith('n')) {
    body = body.slice(1);
    decimal = true;
  }
  body = body.replaceAll('`', '');
  if (body === '') return undefined;
  if (decimal) {
    if (!/^[0-9]+$/.test(body)) return undefined;
    const value = BigInt(body);
    return value <= 0xffffffffffffffffn ? value : undefined;
  }
  if (!/^[0-9a-fA-F]+$/.test(body)) return undefined;
  const value = BigInt(`0x${body}`);
  return value <= 0xffffffffffffffffn ? value : undefined;
}

/** ConvertStringToUInt32: the same syntax, limited to 32 bits. */
export function parseHyperDbgNumber32(text: string): number | undefined {
  const value = parseHyperDbgNumber(text);
  return value !== undefined && value <= 0xffffffffn ? Number(value) : undefined;
}
