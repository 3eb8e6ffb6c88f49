// The words the studio shows about opening a plan package: the download's failures, a package
// that cannot be read, and what an import added or merged. Each names the file or the host and
// says, once, that nothing was stored when nothing was.
import type { PackageImportSummary } from '../services.ts';

/** Ends in a full stop, so a sentence can follow. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** A problem opening a package, already in the words a clinician reads. */
export class OpenProblem extends Error {
  override readonly name = 'OpenProblem';
}

const NOTHING = 'Nothing was stored.';

/** The message for any failure while reading or importing `fileName`, saying once that nothing was stored. */
export function openFailureMessage(fileName: string, error: unknown): string {
  let text = sentence(error instanceof Error ? error.message : String(error));
  if (!(error instanceof OpenProblem) && !text.includes(fileName)) text = `${fileName} could not be opened: ${text}`;
  if (!/Nothing was (changed|stored|written|opened)/.test(text)) text += ` ${NOTHING}`;
  return text;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** The file name a link's address ends in, for messages ("the shared package" when it has none). */
export function fileNameOf(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : 'the shared package';
  } catch {
    return 'the shared package';
  }
}

export const downloadProblems = {
  badLink: (problem: string) => new OpenProblem(`This share link cannot be opened: ${sentence(problem)} ${NOTHING}`),
  offline: () => new OpenProblem(`Could not download the package: this computer is offline. ${NOTHING} Open the link again once it is back online.`),
  unreachable: (host: string) => new OpenProblem(
    `Could not download the package from ${host}: the host could not be reached, or it does not let other sites read the file (it must allow cross-origin requests). ${NOTHING}`),
  notFound: (host: string, status: number) => new OpenProblem(
    `The package is not on ${host} (${status}): it may have been removed, or the link was cut short. ${NOTHING}`),
  refused: (host: string, status: number) => new OpenProblem(
    `${host} refused to hand over the package (${status}): the file may be private. Ask whoever shared it for a link anyone can open. ${NOTHING}`),
  status: (host: string, status: number, text: string) => new OpenProblem(
    `${host} answered ${status}${text ? ` ${text}` : ''} instead of the package. ${NOTHING}`),
  tooLarge: (host: string, maxBytes: number) => new OpenProblem(
    `The file on ${host} is larger than ${Math.round(maxBytes / 2 ** 20)} MB, more than a plan package can be. ${NOTHING}`),
  interrupted: (host: string) => new OpenProblem(`The download from ${host} stopped before it finished. ${NOTHING} Open the link again to retry.`),
};

/** Who sent the package, for "Both you and <name> changed the plan". */
export interface ImportNews {
  /** A short line for a toast that leaves on its own. */
  summary: string;
  /** Things the planner must not miss: shown until dismissed. */
  warnings: string[];
}

export function importNews(fileName: string, s: PackageImportSummary, sender: string): ImportNews {
  let summary: string;
  if (s.outcome === 'added') {
    summary = `Opened ${s.pseudonym} from ${fileName}: a new case in this library.`;
  } else {
    const parts: string[] = [];
    if (s.newVersions.length) parts.push(`${plural(s.newVersions.length, 'plan version', 'plan versions')} (${s.newVersions.map((v) => `"${v}"`).join(', ')})`);
    if (s.newComments) parts.push(plural(s.newComments, 'comment', 'comments'));
    if (s.newDecisions) parts.push(plural(s.newDecisions, 'decision', 'decisions'));
    if (s.newRecords) parts.push(plural(s.newRecords, 'record', 'records'));
    if (s.newEvents) parts.push(plural(s.newEvents, 'audit event', 'audit events'));
    if (s.working === 'updated') parts.push('the working plan');
    summary = parts.length
      ? `Updated ${s.pseudonym} from ${fileName}: new ${parts.join(', ')}.`
      : `${fileName} holds nothing new for ${s.pseudonym}: this case already has all of it.`;
  }
  const warnings: string[] = [];
  if (s.working === 'kept-both') {
    warnings.push(`Both you and ${sender} changed the plan since it was shared: yours is kept as the working plan, theirs is saved as version "${s.keptTheirsAs ?? 'theirs'}".`);
  }
  if (s.differentScans.length) {
    const jaws = s.differentScans.join(' and ');
    warnings.push(`The ${jaws} scan${s.differentScans.length > 1 ? 's' : ''} in ${fileName} ${s.differentScans.length > 1 ? 'differ' : 'differs'} from this case's own: the case keeps its scan${s.differentScans.length > 1 ? 's' : ''}, so what ${sender} saw may not match.`);
  }
  return { summary, warnings };
}
