/**
 * Vocabulary of HyperDbg v0.23's script language: built-in functions grouped by call shape (the
 * grammar's function lists), keywords, scalar type names. Opcode numbers come from the generated tables.
 */
export type FunctionShape =
  | 'zeroVoid' // pause(): no operand, no result
  | 'zeroValue' // rdtsc(): result only
  | 'oneVoid' // print(x)
  | 'oneValue' // poi(x)
  | 'twoVoid'
  | 'twoValue'
  | 'threeVoid'
  | 'threeValue'
  | 'strOne' // strlen(str|num)
  | 'strTwo'
  | 'strThree'
  | 'wstrOne'
  | 'wstrTwo'
  | 'wstrThree'
  | 'printf';

const groups: [FunctionShape, string][] = [
  ['threeValue', 'interlocked_compare_exchange'],
  ['threeVoid', 'event_inject_error_code memcpy memcpy_pa'],
  ['twoValue', 'ed eb eq interlocked_exchange interlocked_exchange_add eb_pa ed_pa eq_pa'],
  ['twoVoid', 'spinlock_lock_custom_wait event_inject'],
  [
    'oneValue',
    'poi db dd dw dq neg hi low not check_address disassemble_len disassemble_len32 disassemble_len64 interlocked_increment interlocked_decrement reference physical_to_virtual virtual_to_physical poi_pa hi_pa low_pa db_pa dd_pa dw_pa dq_pa lbr_restore_by_filter',
  ],
  [
    'oneVoid',
    'print formats event_enable event_disable event_clear test_statement spinlock_lock spinlock_unlock event_sc microsleep',
  ],
  ['strOne', 'strlen'],
  ['strTwo', 'strcmp'],
  ['strThree', 'memcmp strncmp'],
  ['wstrThree', 'wcsncmp'],
  ['wstrOne', 'wcslen'],
  ['wstrTwo', 'wcscmp'],
  [
    'zeroVoid',
    'pause flush event_trace_step event_trace_step_in event_trace_step_out event_trace_instrumentation_step event_trace_instrumentation_step_in',
  ],
  ['zeroValue', 'rdtsc rdtscp lbr_save lbr_dump lbr_print lbr_restore lbr_check'],
  ['printf', 'printf'],
];

/** Built-in function name → call shape. */
export const FUNCTION_SHAPES: ReadonlyMap<string, FunctionShape> = new Map(
  groups.flatMap(([shape, names]) => names.split(' ').map((n) => [n, shape] as [string, FunctionShape])),
);

/** Words the scanner reports as keywords (statements, built-ins, `sizeof`, `struct`, ...). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  ...FUNCTION_SHAPES.keys(),
  ...'break continue do else elsif for if return sizeof struct typedef while #include'.split(' '),
]);

/** Built-in scalar type words (`int`, `unsigned`, ...). */
export const SCALAR_TYPE_NAMES: ReadonlySet<string> = new Set(
  'void bool char short int long unsigned signed float double'.split(' '),
);

/** Number of arguments of a built-in of this shape (printf is variadic and not counted here). */
export function arityOf(shape: FunctionShape): number {
  if (shape.startsWith('zero')) return 0;
  if (shape.startsWith('one') || shape.endsWith('One')) return 1;
  if (shape.startsWith('two') || shape.endsWith('Two')) return 2;
  return 3;
}
