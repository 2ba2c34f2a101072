/** Error causes: HyperDbg v0.23's own texts, plus clear messages where HyperDbg itself crashes. */
export const CAUSE = {
  syntax: 'Syntax Error: Invalid Syntax',
  unknownToken: 'Syntax Error: Unknown Token',
  unresolved: 'Syntax Error: Unresolved Variable',
  undefinedType: 'Undefined Variable Type',
  unsupportedFloat: 'Unsupported floating-point operation',
  floatRange: 'Floating-point literal is out of range',
  incompleteType: 'Incomplete struct type cannot be used by value',
  unknownStructTag: 'Unknown struct tag',
  duplicateStruct: 'Duplicate struct definition',
  duplicateMember: 'Duplicate struct member',
  duplicateTypedef: 'Duplicate typedef name',
  invalidArraySize: 'Invalid or overflowing array size',
  undefinedFunction: 'Undefined Function',
  voidReturn: 'Returning a value in void function',
  nonVoidNoReturn: 'Not returning a value in noo-void function',
  breakOutsideLoop:
    "'break' / 'continue' outside a loop: not allowed here (HyperDbg itself crashes on this script)",
  undeclaredUpdate:
    'Syntax Error: Unresolved Variable (this variable is not defined yet; HyperDbg itself crashes on this script)',
  continueInForBody:
    "'continue' directly in a 'for' body: HyperDbg itself corrupts its heap on this script (put it inside an 'if')",
  untypedUnary:
    "Undefined Variable Type ('-' / '~' on a value without a type, e.g. a name-like hex literal or a function parameter; HyperDbg itself crashes on this script)",
  untypedUpdate:
    'Undefined Variable Type (a function parameter cannot be updated in place; HyperDbg itself crashes on this script)',
} as const;
