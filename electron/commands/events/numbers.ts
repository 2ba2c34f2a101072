/**
 * HyperDbg's number rules for command tokens (ConvertTokenToUInt64): hex by default, optional
 * `0x`/`0X` prefix, `0n` prefix for decimal, and the backtick separator of 64-bit addresses
 * (`fffff801`63a1b2c3`) ignored. Returns undefined for anything else.
 */
export function parseHexToken(token: string): bigint | undefined {
  let text = token.replaceAll('`', '');
  let radix = 16;
  if (/^0[nN]/.test(text)) {
    radix = 10;
    text = text.slice(2);
  } else if (/^0[xX]/.test(text)) {
    text = text.slice(2);
  }
  const digits = radix === 16 ? /^[0-9a-fA-F]{1,16}$/ : /^[0-9]{1,20}$/;
  if (!digits.test(text)) return undefined;
  const value = radix === 16 ? BigInt('0x' + text) : BigInt(text);
  return value <= 0xffffffffffffffffn ? value : undefined;
}

/** As `parseHexToken`, limited to 32 bits (ConvertTokenToUInt32). */
export function parseHexToken32(token: string): number | undefined {
  const value = parseHexToken(token);
  return value !== undefined && value <= 0xffffffffn ? Number(value) : undefined;
}
