// Why a package, a share link or a key was refused, in words a clinician acts on: every
// message names the file and the problem, and says that nothing was changed (reading a
// package never writes; the store merges only what read cleanly). The code lets the studio
// choose what to offer next (ask for a key, suggest an update) without parsing words.

export type PackageErrorCode =
  | 'damaged' | 'newer-version' | 'unknown-version' | 'tampered' | 'too-large'
  | 'encrypted' | 'wrong-key' | 'not-a-package';

export class PackageError extends Error {
  override readonly name = 'PackageError';
  constructor(readonly code: PackageErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const NOTHING = 'Nothing was changed.';

/** The refusals of one file, each naming it. */
export function packageRefusals(file: string) {
  return {
    /** `problem` reads after "is damaged (": "arches/upper.mesh is cut short". */
    damaged: (problem: string, cause?: unknown) =>
      new PackageError('damaged', `${file} is damaged (${problem}). ${NOTHING}`, cause === undefined ? undefined : { cause }),
    notAPackage: (problem: string, cause?: unknown) =>
      new PackageError('not-a-package', `${file} is not an Aligner Studio plan package (${problem}). ${NOTHING}`, cause === undefined ? undefined : { cause }),
    /** `what`: "package version 2; this studio reads version 1". */
    newer: (what: string) =>
      new PackageError('newer-version', `${file} was made by a newer Aligner Studio (${what}). ${NOTHING} Update the studio and open it again.`),
    unknownVersion: (version: unknown) =>
      new PackageError('unknown-version', `${file} has an unknown package version (${JSON.stringify(version) ?? String(version)}). ${NOTHING}`),
    /** `what`: "arches/upper.mesh does not match its recorded hash". */
    tampered: (what: string) =>
      new PackageError('tampered', `${file} has been altered since it was exported: ${what}. ${NOTHING}`),
    tooLarge: (problem: string) => new PackageError('too-large', `${file} cannot be opened: ${problem}. ${NOTHING}`),
    encrypted: () => new PackageError('encrypted', `${file} is encrypted: open it from its share link or enter its key.`),
    wrongKey: (cause?: unknown) => new PackageError(
      'wrong-key',
      `This key does not open ${file} (or the file was changed on its way). Ask whoever shared it for the link again.`,
      cause === undefined ? undefined : { cause },
    ),
  };
}

export type PackageRefusals = ReturnType<typeof packageRefusals>;

/** A size for messages: "300 MB", "1.5 GB". */
export function megabytes(n: number): string {
  const MiB = 1024 * 1024;
  return n >= 1024 * MiB ? `${Number((n / (1024 * MiB)).toPrecision(3))} GB` : `${Number((n / MiB).toPrecision(3))} MB`;
}
