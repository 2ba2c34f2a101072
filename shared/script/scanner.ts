/**
 * Tokenizer with HyperDbg v0.23's scanning rules. Positions matter as much as tokens: error messages
 * quote the line and put a caret under the start of the token the parser was looking at, and the
 * engine's line bookkeeping has quirks (a comment swallows its newline without advancing the line).
 */
import { PSEUDO_REGISTER_NAMES, REGISTER_NAMES } from './generated/tables';
import { KEYWORDS, SCALAR_TYPE_NAMES } from './language/vocabulary';

export type TokenKind =
  | 'string'
  | 'wstring'
  | 'special'
  | 'keyword'
  | 'register'
  | 'pseudo'
  | 'hex'
  | 'decimal'
  | 'octal'
  | 'binary'
  | 'float'
  | 'global'
  | 'globalUnresolved'
  | 'local'
  | 'localUnresolved'
  | 'functionId'
  | 'parameterId'
  | 'varType'
  | 'unknown'
  | 'end'
  | 'whitespace'
  | 'comment';

export interface Token {
  kind: TokenKind;
  /** Identifier / number digits / operator text; for strings the raw text bytes. */
  value: string;
  bytes?: number[];
  /** A hex number spelled like a name (`ff`, `face`): the engine gives it no scalar type. */
  nameLike?: boolean;
  /** Index of the token's first character in the source. */
  start: number;
}

/** Identifier lookups the scanner needs to classify names (they change while compiling). */
export interface NameResolver {
  isFunction(name: string): boolean;
  isParameter(name: string): boolean;
  isLocal(name: string): boolean;
  isGlobal(name: string): boolean;
  /** A `typedef` name declared earlier in the script (scanned as a type word). */
  isTypedef(name: string): boolean;
}

const EOF = '';
const REGISTER_SET = new Set(REGISTER_NAMES);
const PSEUDO_SET = new Set(PSEUDO_REGISTER_NAMES);

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDecimal = (c: string) => c >= '0' && c <= '9';
const isHex = (c: string) => isDecimal(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
const isOctal = (c: string) => c >= '0' && c <= '7';
const isBinary = (c: string) => c === '0' || c === '1';
const isNameChar = (c: string) => isLetter(c) || isHex(c) || c === '_' || c === '!';

/** Two- and three-character operators, longest first for each leading character. */
const OPERATORS: Record<string, string[]> = {
  '+': ['++', '+=', '+'],
  '-': ['->', '--', '-=', '-'],
  '*': ['*=', '*'],
  '>': ['>>=', '>>', '>=', '>'],
  '<': ['<<=', '<<', '<=', '<'],
  '=': ['==', '='],
  '!': ['!=', '!'],
  '%': ['%=', '%'],
  '|': ['||', '|=', '|'],
  '&': ['&&', '&=', '&'],
  '^': ['^=', '^'],
};
const SINGLE = new Set(['~', ',', ';', ':', '(', ')', '{', '}', '[', ']']);

export class Scanner {
  /** Index of the next character to read (HyperDbg's InputIdx). */
  inputIdx = 0;
  /** The current character, already consumed (index inputIdx - 1), or EOF. */
  c = EOF;
  line = 0;
  lineIdx = 0;
  tokenIdx = 0;
  /** Set by `for (...; ` so the next condition ends at `;` instead of the matching `)`. */
  forCondition = false;
  private returnEnd = false;
  private previousCanEndExpression = false;

  constructor(
    private source: string,
    private readonly names: NameResolver,
  ) {
    this.c = this.getc();
  }

  /** The (byte-string) source; `#include` splices text into it while scanning. */
  get src(): string {
    return this.source;
  }

  /** Inserts `text` at `index` of the source (the engine inserts included files at its read position). */
  insert(index: number, text: string): void {
    this.source = this.source.slice(0, index) + text + this.source.slice(index);
  }

  getc(): string {
    const ch = this.src[this.inputIdx];
    if (ch === undefined || ch === '\0') return EOF;
    this.inputIdx++;
    return ch;
  }

  /** Saves the scanner position (the boolean-expression parser rewinds one token). */
  mark(): { inputIdx: number; c: string } {
    return { inputIdx: this.inputIdx, c: this.c };
  }

  rewind(m: { inputIdx: number; c: string }): void {
    this.inputIdx = m.inputIdx;
    this.c = m.c;
  }

  /**
   * Index of the character that ends the condition starting at `current` (already scanned): the
   * `)` matching the statement's `(`, or `;` in a `for` header. Strings and comments are not
   * skipped, exactly like the engine's raw character search. Infinity when there is none.
   */
  conditionEnd(current: Token): number {
    if (this.forCondition) {
      this.forCondition = false;
      let i = Math.max(this.inputIdx - 1, 0);
      while (i < this.src.length && this.src[i] !== ';') i++;
      return i;
    }
    let open = current.kind === 'special' && current.value === '(' ? 2 : 1;
    for (let i = Math.max(this.inputIdx - 1, 0); i < this.src.length && this.src[i] !== '\0'; i++) {
      if (this.src[i] === ')') {
        open--;
        if (open === 0) return i;
      } else if (this.src[i] === '(') open++;
    }
    return Infinity;
  }

  scan(): Token {
    // The engine resets its end-of-input latch whenever it scans with the read index still at the
    // first character, so a one-character script scans past its end (and fails) on the second call.
    if (this.inputIdx <= 1) {
      this.returnEnd = false;
      this.previousCanEndExpression = false;
    }
    if (this.returnEnd) return { kind: 'end', value: '$', start: this.tokenIdx };
    for (;;) {
      this.tokenIdx = this.inputIdx - 1;
      let token: Token;
      if (this.c === '.' && this.previousCanEndExpression) {
        token = { kind: 'special', value: '.', start: this.tokenIdx };
        this.c = this.getc();
      } else {
        token = this.getToken();
      }
      if (this.c === EOF) this.returnEnd = true;
      if (token.kind === 'whitespace' || token.kind === 'comment') {
        if (token.kind === 'whitespace' && token.value === '\n') {
          this.line++;
          this.lineIdx = this.inputIdx;
        }
        if (this.returnEnd) return { kind: 'end', value: '$', start: this.tokenIdx };
        continue;
      }
      const k = token.kind;
      this.previousCanEndExpression =
        k === 'global' ||
        k === 'globalUnresolved' ||
        k === 'local' ||
        k === 'localUnresolved' ||
        k === 'parameterId' ||
        k === 'register' ||
        k === 'pseudo' ||
        k === 'hex' ||
        k === 'decimal' ||
        k === 'octal' ||
        k === 'binary' ||
        k === 'float' ||
        (k === 'special' && (token.value === ')' || token.value === ']'));
      return token;
    }
  }

  private tok(kind: TokenKind, value: string, extra?: Partial<Token>): Token {
    return { kind, value, start: this.tokenIdx, ...extra };
  }

  private readString(wide: boolean): Token {
    const bytes: number[] = [];
    const maxDigits = wide ? 4 : 2;
    for (;;) {
      this.c = this.getc();
      if (this.c === EOF) return this.tok('unknown', '');
      if (this.c === '\\') {
        this.c = this.getc();
        if (this.c === 'n') bytes.push(10);
        else if (this.c === '\\') bytes.push(92);
        else if (this.c === 't') bytes.push(9);
        else if (this.c === '"') bytes.push(34);
        else if (this.c === 'x') {
          let digits = '';
          let i = 0;
          for (; i <= maxDigits; i++) {
            this.c = this.getc();
            if (!isHex(this.c)) break;
            digits += this.c;
          }
          if (i === 0 || i === maxDigits + 1) {
            this.c = this.getc();
            return this.tok('unknown', '');
          }
          this.inputIdx--;
          const n = parseInt(digits, 16);
          bytes.push(wide ? n & 0xffff : n & 0xff);
        } else {
          this.c = this.getc();
          return this.tok('unknown', '');
        }
      } else if (this.c === '"') {
        break;
      } else {
        // The source is a byte string; WSTRING widens each byte as a signed char (0x80+ sign-extends).
        const code = this.c.charCodeAt(0);
        bytes.push(wide && code >= 0x80 ? 0xff00 | code : code);
      }
    }
    this.c = this.getc();
    return this.tok(wide ? 'wstring' : 'string', '', { bytes });
  }

  private classifyName(name: string, allHex: boolean): Token {
    if (KEYWORDS.has(name)) return this.tok('keyword', name);
    if (REGISTER_SET.has(name)) return this.tok('register', name);
    if (SCALAR_TYPE_NAMES.has(name) || this.names.isTypedef(name)) return this.tok('varType', name);
    if (allHex) return this.tok('hex', name, { nameLike: true });
    if (name.includes('!')) return this.tok('unknown', name);
    if (this.names.isFunction(name)) return this.tok('functionId', name);
    if (this.names.isParameter(name)) return this.tok('parameterId', name);
    if (this.names.isLocal(name)) return this.tok('local', name);
    return this.tok('localUnresolved', name);
  }

  private readDigits(accept: (c: string) => boolean): string {
    let s = '';
    while (accept(this.c) || this.c === '`') {
      if (this.c !== '`') s += this.c;
      this.c = this.getc();
    }
    return s;
  }

  private getToken(): Token {
    const c = this.c;
    if (c === '"') return this.readString(false);
    if (c === 'L' && this.src[this.inputIdx] === '"') {
      this.inputIdx++;
      return this.readString(true);
    }
    const ops = OPERATORS[c];
    if (ops) {
      const rest = this.src.slice(this.inputIdx, this.inputIdx + 2);
      for (const op of ops) {
        if (op.length === 1 || rest.startsWith(op.slice(1))) {
          // One read per operator character; the last read fetches the character after it.
          for (let i = 0; i < op.length; i++) this.c = this.getc();
          return this.tok('special', op);
        }
      }
    }
    if (SINGLE.has(c)) {
      this.c = this.getc();
      return this.tok('special', c);
    }
    if (c === '/') {
      this.c = this.getc();
      if (this.c === '=') {
        this.c = this.getc();
        return this.tok('special', '/=');
      }
      if (this.c === '/') {
        do this.c = this.getc();
        while (this.c !== '\n' && this.c !== EOF);
        this.c = this.getc();
        return this.tok('comment', '');
      }
      if (this.c === '*') {
        for (;;) {
          this.c = this.getc();
          if (this.c === '*') {
            this.c = this.getc();
            if (this.c === '/') {
              this.c = this.getc();
              return this.tok('comment', '');
            }
          }
          if (this.c === EOF) break;
        }
        this.c = this.getc();
        return this.tok('unknown', '');
      }
      return this.tok('special', '/');
    }
    if (c === '@' || c === '$') return this.prefixed(c);
    if (c === '.') return this.dotted();
    if (c === '#') {
      let s = '';
      do {
        s += this.c;
        this.c = this.getc();
      } while (isNameChar(this.c));
      return this.tok(KEYWORDS.has(s) ? 'keyword' : 'unknown', s);
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      this.c = this.getc();
      return this.tok('whitespace', c === '\n' ? '\n' : '');
    }
    if (c === '0') {
      this.c = this.getc();
      const p = this.c;
      if (p === 'x' || p === 'o' || p === 'n' || p === 'y') {
        this.c = this.getc();
        const accept = p === 'x' ? isHex : p === 'o' ? isOctal : p === 'n' ? isDecimal : isBinary;
        const kind: TokenKind = p === 'x' ? 'hex' : p === 'o' ? 'octal' : p === 'n' ? 'decimal' : 'binary';
        return this.tok(kind, this.readDigits(accept));
      }
      if (p === '.') {
        let s = '0.';
        this.c = this.getc();
        while (isDecimal(this.c)) {
          s += this.c;
          this.c = this.getc();
        }
        return this.tok('float', s);
      }
      if (isHex(p)) return this.tok('hex', this.readDigits(isHex));
      return this.tok('hex', '0');
    }
    return this.defaultToken();
  }

  /** `@register` / `$pseudo`; on anything else HyperDbg falls through to the next scanner case. */
  private prefixed(c: string): Token {
    let ch = c;
    if (ch === '@') {
      this.c = this.getc();
      if (isLetter(this.c)) {
        let s = '';
        while (isLetter(this.c) || isDecimal(this.c) || this.c === '_') {
          s += this.c;
          this.c = this.getc();
        }
        return this.tok(REGISTER_SET.has(s) ? 'register' : 'unknown', s);
      }
      ch = '$';
    }
    this.c = this.getc();
    if (isLetter(this.c)) {
      let s = '';
      while (isLetter(this.c) || isDecimal(this.c) || this.c === '_') {
        s += this.c;
        this.c = this.getc();
      }
      return this.tok(PSEUDO_SET.has(s) ? 'pseudo' : 'unknown', s);
    }
    return this.dotted(true);
  }

  private dotted(fallthrough = false): Token {
    let s = fallthrough ? '' : '.';
    if (fallthrough) s += this.c;
    this.c = this.getc();
    if (isDecimal(this.c)) {
      do {
        s += this.c;
        this.c = this.getc();
      } while (isDecimal(this.c));
      return this.tok('float', s);
    }
    if (isNameChar(this.c)) {
      do {
        s += this.c;
        this.c = this.getc();
      } while (isNameChar(this.c));
      if (s.includes('!')) return this.tok('unknown', s);
      return this.tok(this.names.isGlobal(s) ? 'global' : 'globalUnresolved', s);
    }
    return this.tok('unknown', s);
  }

  private defaultToken(): Token {
    const c = this.c;
    if (isDecimal(c)) {
      let s = '';
      let onlyDecimal = true;
      do {
        if (this.c !== '`') {
          s += this.c;
          if (!isDecimal(this.c)) onlyDecimal = false;
        }
        this.c = this.getc();
      } while (isHex(this.c) || this.c === '`');
      if (this.c === '.' && onlyDecimal) {
        s += '.';
        this.c = this.getc();
        while (isDecimal(this.c)) {
          s += this.c;
          this.c = this.getc();
        }
        return this.tok('float', s);
      }
      return this.tok('hex', s);
    }
    const hexStart = isHex(c) || c === '_' || c === '!';
    const letterStart = isLetter(c);
    if (!hexStart && !letterStart) {
      this.c = this.getc();
      return this.tok('unknown', c);
    }
    let s = '';
    let allHex = hexStart;
    if (hexStart) {
      for (;;) {
        if (this.c !== '`') s += this.c;
        this.c = this.getc();
        if (isHex(this.c) || this.c === '`' || this.c === '_') continue;
        if (isLetter(this.c)) allHex = false;
        break;
      }
      if (allHex) return this.classifyName(s, true);
    }
    do {
      if (this.c !== '`') s += this.c;
      this.c = this.getc();
    } while (isNameChar(this.c));
    return this.classifyName(s, false);
  }
}
