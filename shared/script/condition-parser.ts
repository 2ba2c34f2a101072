/**
 * Condition parser (`if (...)`, `elsif (...)`, `while (...)`, `do ... while (...)`, `for (;...;)`).
 * HyperDbg parses conditions with a separate LALR grammar over the text up to the matching `)` (or
 * the next `;` in `for`): comparisons, `&&` and `||` exist only here, bitwise operators bind looser
 * than comparisons, and unary operators apply to primaries only. Code is generated through the
 * compiler's semantic actions (ConditionHost) in the order the LALR reductions would run them.
 */
import { CAUSE } from './causes';
import { FUNCTION_SHAPES, arityOf, type FunctionShape } from './language/vocabulary';
import type { Scanner, Token } from './scanner';
import type { ValueType } from './scalar-types';

/** Tokens that may follow an operand inside a boolean expression. */
const BOOLEAN_FOLLOW = new Set([
  '$',
  ')',
  ']',
  ',',
  '||',
  '&&',
  '|',
  '^',
  '&',
  '>',
  '<',
  '>=',
  '<=',
  '==',
  '!=',
  '>>',
  '<<',
  '+',
  '-',
  '*',
  '/',
  '%',
]);

/** The compiler's semantic actions the condition parser drives. */
export interface ConditionHost<LogicalContext, SizeofMark> {
  lookahead: Token;
  readonly scan: Scanner;
  failWith(cause: string): never;
  pushOperandToken(): void;
  binaryOp(op: string): void;
  unaryOp(name: string): void;
  call(name: string, shape: FunctionShape, argCount: number): void;
  finishUserCall(callee: string, count: number, asValue: boolean): void;
  arrayRead(indexCount: number): void;
  memberName(checked?: boolean): void;
  memberAccess(arrow: boolean, read: boolean): void;
  cast(target: ValueType): void;
  sizeofBegin(): SizeofMark;
  sizeofEnd(mark: SizeofMark): void;
  pushSize(type: ValueType | null): void;
  /** Number of operands on the semantic stack. */
  stackDepth(): number;
  structTypeOf(tag: string, pointers: number): ValueType;
  resolveTypeName(words: string[], pointers: number): ValueType;
  logicalBegin(isOr: boolean): LogicalContext;
  logicalEnd(ctx: LogicalContext): void;
}

/** Type words of a cast or sizeof waiting to be resolved; `depth` is the semantic stack depth then. */
interface TypeGroup {
  words: string[];
  pointers: number;
  depth: number;
  consumed: boolean;
}

export class BooleanParser<LogicalContext, SizeofMark> {
  private readonly end: number;
  private readonly pending: TypeGroup[] = [];
  constructor(private readonly c: ConditionHost<LogicalContext, SizeofMark>) {
    this.end = c.scan.conditionEnd(c.lookahead);
  }

  private term(): string {
    const la = this.c.lookahead;
    if (la.kind === 'end') return '$';
    if (la.kind === 'special' || la.kind === 'keyword') return la.value;
    return la.kind;
  }

  /** Shift: read the next token, cut off at the end of the condition's text. */
  private shift(): void {
    const s = this.c.scan;
    const mark = s.mark();
    let next = s.scan();
    if (s.inputIdx - 1 > this.end) {
      s.rewind(mark);
      next = { kind: 'end', value: '$', start: next.start };
    }
    this.c.lookahead = next;
    if (next.kind === 'unknown') this.c.failWith(CAUSE.syntax);
  }

  parse(): void {
    this.or();
    if (this.term() !== '$') this.c.failWith(CAUSE.syntax);
  }

  private or(): void {
    this.and();
    while (this.term() === '||') {
      this.shift();
      const ctx = this.c.logicalBegin(true);
      this.and();
      this.c.logicalEnd(ctx);
    }
  }

  private and(): void {
    this.bitwise(0);
    while (this.term() === '&&') {
      this.shift();
      const ctx = this.c.logicalBegin(false);
      this.bitwise(0);
      this.c.logicalEnd(ctx);
    }
  }

  private static readonly LEVELS: string[][] = [
    ['|'],
    ['^'],
    ['&'],
    ['>', '<', '>=', '<=', '==', '!='],
    ['>>', '<<'],
    ['+', '-'],
    ['/', '%', '*'],
  ];

  private bitwise(level: number): void {
    if (level === BooleanParser.LEVELS.length) {
      this.unary();
      if (!BOOLEAN_FOLLOW.has(this.term())) this.c.failWith(CAUSE.syntax);
      return;
    }
    this.bitwise(level + 1);
    const ops = BooleanParser.LEVELS[level]!;
    while (ops.includes(this.term()) && this.c.lookahead.kind === 'special') {
      const op = this.term();
      this.shift();
      this.bitwise(level + 1);
      this.c.binaryOp(op);
    }
  }

  /** `struct tag *...` inside a condition; the `)` is not consumed. */
  private structTypeName(): ValueType {
    this.shift();
    const la = this.c.lookahead;
    if (la.kind !== 'local' && la.kind !== 'localUnresolved') this.c.failWith(CAUSE.syntax);
    this.shift();
    let pointers = 0;
    while (this.term() === '*') {
      pointers++;
      this.shift();
    }
    return this.c.structTypeOf(la.value, pointers);
  }

  /**
   * Type words and `*`s of a cast or sizeof inside a condition. The LALR grammar has no marker
   * before a type name, so the words stay on the semantic stack next to those of an enclosing cast
   * whose operand starts right away (`(unsigned char) sizeof(char)`); resolving the inner name then
   * swallows the outer words too (and the outer cast finds none).
   */
  private typeWords(): TypeGroup {
    const words: string[] = [];
    while (this.c.lookahead.kind === 'varType') {
      words.push(this.c.lookahead.value);
      this.shift();
    }
    let pointers = 0;
    while (this.term() === '*') {
      pointers++;
      this.shift();
    }
    const group: TypeGroup = { words, pointers, depth: this.c.stackDepth(), consumed: false };
    this.pending.push(group);
    return group;
  }

  /** Resolves a type name with every directly preceding, still pending group merged into it. */
  private resolve(group: TypeGroup): ValueType {
    if (group.consumed) return this.c.failWith(CAUSE.undefinedType);
    const words = [...group.words];
    let pointers = group.pointers;
    group.consumed = true;
    for (let i = this.pending.indexOf(group) - 1; i >= 0; i--) {
      const below = this.pending[i]!;
      if (below.consumed || below.depth !== group.depth) break;
      words.push(...below.words);
      pointers += below.pointers;
      below.consumed = true;
    }
    this.pending.splice(this.pending.indexOf(group), 1);
    return this.c.resolveTypeName(words, pointers);
  }

  private sizeofOperand(): void {
    this.shift();
    if (this.term() === '(') {
      this.shift();
      if (this.c.lookahead.kind === 'keyword' && this.c.lookahead.value === 'struct') {
        const type = this.structTypeName();
        if (this.term() !== ')') this.c.failWith(CAUSE.syntax);
        this.shift();
        this.c.pushSize(type);
        return;
      }
      if (this.c.lookahead.kind === 'varType') {
        const group = this.typeWords();
        if (this.term() !== ')') this.c.failWith(CAUSE.syntax);
        this.shift();
        const type = this.resolve(group);
        if (type.kind === 'unknown') this.c.failWith(CAUSE.undefinedType);
        this.c.pushSize(type);
        return;
      }
      const mark = this.c.sizeofBegin();
      this.or();
      if (this.term() !== ')') this.c.failWith(CAUSE.syntax);
      this.shift();
      this.c.sizeofEnd(mark);
      return;
    }
    const mark = this.c.sizeofBegin();
    this.unary();
    this.c.sizeofEnd(mark);
  }

  private unary(): void {
    const t = this.term();
    if (t === 'sizeof' && this.c.lookahead.kind === 'keyword') return this.sizeofOperand();
    const map: Record<string, string> = {
      '-': 'neg',
      '~': 'not',
      '!': 'logical_not',
      '*': 'poi',
      '&': 'reference',
    };
    if (t in map || t === '+') {
      this.shift();
      this.primary();
      if (t !== '+') this.c.unaryOp(map[t]!);
      return;
    }
    this.primary();
  }

  /** A primary followed by any `.member` / `->member` reads. */
  private primary(): void {
    this.primaryOnly();
    while (this.term() === '.' || this.term() === '->') {
      const arrow = this.term() === '->';
      this.shift();
      this.c.memberName(true);
      this.shift();
      if (!BOOLEAN_FOLLOW.has(this.term()) && this.term() !== '.' && this.term() !== '->')
        this.c.failWith(CAUSE.syntax);
      this.c.memberAccess(arrow, true);
    }
    // An LR parser reduces a complete operand only on a lookahead that may follow it.
    if (!BOOLEAN_FOLLOW.has(this.term())) this.c.failWith(CAUSE.syntax);
  }

  private primaryOnly(): void {
    const la = this.c.lookahead;
    const t = this.term();
    if (la.kind === 'keyword' && FUNCTION_SHAPES.has(t)) {
      const shape = FUNCTION_SHAPES.get(t)!;
      if (
        shape === 'zeroVoid' ||
        shape === 'oneVoid' ||
        shape === 'twoVoid' ||
        shape === 'threeVoid' ||
        shape === 'printf'
      )
        this.c.failWith(CAUSE.syntax);
      this.shift();
      if (this.term() !== '(') this.c.failWith(CAUSE.syntax);
      this.shift();
      const arity = arityOf(shape);
      for (let i = 0; i < arity; i++) {
        if (i > 0) {
          if (this.term() !== ',') this.c.failWith(CAUSE.syntax);
          this.shift();
        }
        const la2 = this.c.lookahead;
        if (
          (shape.startsWith('str') && la2.kind === 'string') ||
          (shape.startsWith('wstr') && la2.kind === 'wstring')
        ) {
          this.c.pushOperandToken();
          this.shift();
        } else this.bitwise(4);
      }
      if (this.term() !== ')') this.c.failWith(CAUSE.syntax);
      this.shift();
      this.c.call(t, shape, arity);
      return;
    }
    if (la.kind === 'functionId') {
      this.c.pushOperandToken();
      this.shift();
      if (this.term() !== '(') this.c.failWith(CAUSE.syntax);
      this.shift();
      let count = 0;
      if (this.term() !== ')') {
        for (;;) {
          this.bitwise(4);
          count++;
          if (this.term() !== ',') break;
          this.shift();
        }
      }
      if (this.term() !== ')') this.c.failWith(CAUSE.syntax);
      this.shift();
      this.c.finishUserCall(la.value, count, true);
      return;
    }
    if (t === '(') {
      this.shift();
      if (this.c.lookahead.value === 'struct' && this.c.lookahead.kind === 'keyword') {
        const type = this.structTypeName();
        if (this.term() !== ')') this.c.failWith(CAUSE.syntax);
        this.shift();
        this.unary();
        this.c.cast(type);
        return;
      }
      if (this.c.lookahead.kind === 'varType') {
        const group = this.typeWords();
        if (this.term() !== ')') this.c.failWith(CAUSE.syntax);
        this.shift();
        this.unary();
        const type = this.resolve(group);
        if (type.kind === 'unknown') this.c.failWith(CAUSE.undefinedType);
        this.c.cast(type);
        return;
      }
      this.or();
      if (this.term() !== ')') this.c.failWith(CAUSE.syntax);
      this.shift();
      return;
    }
    const k = la.kind;
    if (
      k === 'register' ||
      k === 'global' ||
      k === 'globalUnresolved' ||
      k === 'local' ||
      k === 'localUnresolved' ||
      k === 'parameterId' ||
      k === 'hex' ||
      k === 'decimal' ||
      k === 'octal' ||
      k === 'binary' ||
      k === 'float' ||
      k === 'pseudo'
    ) {
      this.c.pushOperandToken();
      this.shift();
      if (this.term() === '[') {
        if (k !== 'local' && k !== 'localUnresolved') this.c.failWith(CAUSE.syntax);
        let count = 0;
        while (this.term() === '[') {
          this.shift();
          this.bitwise(4);
          count++;
          if (this.term() !== ']') this.c.failWith(CAUSE.syntax);
          this.shift();
        }
        this.c.arrayRead(count);
      }
      return;
    }
    this.c.failWith(CAUSE.syntax);
  }
}
