// Errors of the machine (disk full, no permission, port taken, missing folder) turned into one
// line that names the path or port and says what to do, instead of a Node stack trace.

interface SystemErrorFields {
  readonly code?: unknown;
  readonly path?: unknown;
  readonly dest?: unknown;
  readonly port?: unknown;
  readonly address?: unknown;
  readonly syscall?: unknown;
}

/** True for errors Node raises from the operating system (they carry an `E...` code). */
export function isSystemError(error: unknown): error is Error & SystemErrorFields {
  return (
    error instanceof Error &&
    typeof (error as SystemErrorFields).code === 'string' &&
    /^E[A-Z]+$/.test((error as SystemErrorFields).code as string)
  );
}

function target(error: SystemErrorFields, fallback: string | undefined): string {
  if (typeof error.port === 'number') {
    return `port ${error.port}${typeof error.address === 'string' ? ` on ${error.address}` : ''}`;
  }
  if (typeof error.path === 'string') return error.path;
  if (typeof error.address === 'string') return error.address;
  return fallback ?? 'the file';
}

/**
 * One readable sentence for a system error, e.g. "port 5123 on 127.0.0.1 is already in use by
 * another program; stop it or choose another port". `what` names the target when the error
 * itself does not (a write on an open file carries no path). Null for anything else (bugs).
 */
export function describeSystemError(error: unknown, what?: string): string | null {
  if (!isSystemError(error)) return null;
  const where = target(error, what);
  switch (error.code) {
    case 'EADDRINUSE':
      return typeof error.port === 'number'
        ? `${where} is already in use by another program; stop it or choose another port`
        : `${where} is already in use by another program; stop it or choose another path`;
    case 'EADDRNOTAVAIL':
      return `${where} is not an address of this machine; use 127.0.0.1 or one of its own addresses`;
    case 'ENOSPC':
      return `the disk holding ${where} is full; free some space or choose a folder on another disk`;
    case 'EDQUOT':
      return `the disk quota for ${where} is used up; free some space or choose another folder`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to use ${where}; choose a folder you can write to or fix its permissions`;
    case 'EROFS':
      return `${where} is on a read-only file system; choose a writable folder`;
    case 'ENOENT':
      return `${where} does not exist (or its folder does not); check the spelling or create the folder first`;
    case 'ENOTDIR':
      return `a part of ${where} is a file, not a folder; check the path`;
    case 'EISDIR':
      return `${where} is a folder; give a file name inside it`;
    case 'EMFILE':
    case 'ENFILE':
      return `too many open files while opening ${where}; close other programs or raise the limit (ulimit -n)`;
    default:
      return `${where}: ${error.message}`;
  }
}
