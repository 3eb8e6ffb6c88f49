// Storage failures the user can act on, each with a code the UI can switch on and a message
// a clinician can read. Raw DOMExceptions from IndexedDB are translated here, in one place.

export type StoreErrorCode =
  | 'newer-version'
  | 'blocked'
  | 'quota'
  | 'aborted'
  | 'not-found'
  | 'corrupt-backup'
  | 'unknown-backup-version'
  | 'newer-plan'
  | 'corrupt-plan'
  /** Another tab changed what this write was based on; nothing was written. */
  | 'conflict'
  /** A status move the case pipeline does not allow (a manual move without a reason, say); nothing was written. */
  | 'invalid-move';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}

/**
 * Turns what a failed write threw into a StoreError when the cause is one the user can act
 * on (full disk, interrupted write); anything else is returned unchanged so that
 * programming errors keep their own stack and type.
 * `action` completes the sentence "Could not ...", e.g. "save the upper arch".
 */
export function storeErrorFrom(error: unknown, action: string): unknown {
  if (error instanceof StoreError) return error;
  switch (errorName(error)) {
    case 'QuotaExceededError':
      return new StoreError(
        'quota',
        `Could not ${action}: the browser's storage for Aligner Studio is full. Nothing was changed. ` +
          'Export a backup and delete cases you no longer need, or free disk space, then try again.',
        { cause: error },
      );
    case 'AbortError':
      return new StoreError(
        'aborted',
        `Could not ${action}: the write was interrupted before it finished. Nothing was changed.`,
        { cause: error },
      );
    default:
      return error;
  }
}

export function caseNotFound(caseId: string): StoreError {
  return new StoreError('not-found', `No case with id ${caseId} in this library (it may have been deleted).`);
}
