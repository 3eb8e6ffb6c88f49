// What `package verify` checks, one line each, for a lab or an auditor: the package opens (key),
// reads cleanly (package-read.ts checks the entries' hashes, the versions, the meshes, the
// plans and the audit chain before it returns anything), and every approval's signature and
// whether it still holds for the working plan. A failed read is one FAIL line named after the
// check that refused it; the message itself names the entry or the event.
import { verifyChain } from '../core/audit.ts';
import { hashOf } from '../core/canonical.ts';
import { approvalStanding, voidText } from '../core/approval-standing.ts';
import type { KnownKey, SignedApproval } from '../core/review.ts';
import type { Jaw } from '../core/types.ts';
import { PackageError } from '../exchange/errors.ts';
import { meshContentHash } from '../exchange/mesh-codec.ts';
import { decryptPackage, isEncryptedPackage } from '../exchange/package-crypto.ts';
import { readPackage } from '../exchange/package-read.ts';
import type { ReadPackage } from '../exchange/package-types.ts';
import { approvalTrust, formatFingerprint } from '../exchange/signing.ts';

export interface Check {
  /** note: worth knowing, not a failure (an older approval made void by a later one, a key no list was given for). */
  status: 'ok' | 'FAIL' | 'note';
  name: string;
  detail: string;
}

/** The package bytes, decrypted when they need it; a string is why they cannot be opened. */
export async function openPackage(bytes: Uint8Array, fileName: string, key: string | undefined): Promise<{ bytes: Uint8Array; encrypted: boolean } | { problem: string }> {
  if (!isEncryptedPackage(bytes)) return { bytes, encrypted: false };
  if (key === undefined) return { problem: `${fileName} is encrypted: it needs --key (the key=... part of its share link)` };
  try {
    return { bytes: await decryptPackage(bytes, key, fileName), encrypted: true };
  } catch (e) {
    if (e instanceof PackageError) return { problem: e.message };
    throw e;
  }
}

/** The check a refusal of package-read.ts belongs to, from its code and what it names. */
function failedCheck(e: PackageError): string {
  const m = e.message;
  if (e.code === 'newer-version' || e.code === 'unknown-version') return 'package version';
  if (e.code === 'encrypted' || e.code === 'wrong-key') return 'encryption';
  if (/audit/.test(m)) return 'audit trail';
  if (/mesh hash/.test(m)) return 'meshes';
  if (e.code === 'tampered') return 'entry hashes';
  if (/arches\//.test(m)) return 'meshes';
  if (/plans\/|plan version|working plan/.test(m)) return 'plans';
  return 'package contents';
}

export type ReadResult = { ok: true; pkg: ReadPackage } | { ok: false; check: Check };

export async function readChecked(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
  try {
    return { ok: true, pkg: await readPackage(bytes, { fileName }) };
  } catch (e) {
    if (!(e instanceof PackageError)) throw e;
    return { ok: false, check: { status: 'FAIL', name: failedCheck(e), detail: e.message } };
  }
}

export const meshHashesOf = (pkg: ReadPackage): Partial<Record<Jaw, string>> =>
  Object.fromEntries(Object.values(pkg.arches).map((a) => [a.jaw, a.meshHash]));

const when = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** What the read established, restated as checks (recomputed where it is cheap, so this list does not rest on the reader alone). */
function contentChecks(pkg: ReadPackage): Check[] {
  const checks: Check[] = [
    { status: 'ok', name: 'entry hashes', detail: `${pkg.entries.length} entries` },
    { status: 'ok', name: 'package version', detail: `${pkg.packageVersion}, ${pkg.kind} package from Aligner Studio ${pkg.studioVersion}` },
  ];
  const arches = Object.values(pkg.arches);
  const badMesh = arches.find((a) => meshContentHash(a.mesh) !== a.meshHash);
  checks.push(badMesh
    ? { status: 'FAIL', name: 'meshes', detail: `the ${badMesh.jaw} scan does not match its recorded mesh hash` }
    : { status: 'ok', name: 'meshes', detail: arches.length ? arches.map((a) => `${a.jaw} ${a.mesh.indices.length / 3} triangles`).join(', ') : 'none (a response package)' });
  const workingOk = !pkg.working || hashOf(pkg.working.plan) === pkg.working.hash;
  checks.push(workingOk
    ? { status: 'ok', name: 'plans', detail: `${pkg.working ? 'working plan and ' : ''}${pkg.versions.length} saved version${pkg.versions.length === 1 ? '' : 's'}` }
    : { status: 'FAIL', name: 'plans', detail: 'the working plan does not match its recorded hash' });
  if (pkg.summary && pkg.working && pkg.summary.planHash !== pkg.working.hash) {
    checks.push({ status: 'note', name: 'summary', detail: 'it describes another state of the plan than the working plan; the studio recomputes it on opening' });
  }
  const verdict = verifyChain(pkg.audit);
  checks.push(verdict.ok
    ? { status: 'ok', name: 'audit trail', detail: `${pkg.audit.length} event${pkg.audit.length === 1 ? '' : 's'}, ${verdict.heads.length === 1 ? 'one line' : `${verdict.heads.length} branches not yet merged`}` }
    : { status: 'FAIL', name: 'audit trail', detail: verdict.problems.map((p) => p.message).join(' ') });
  return checks;
}

/** Why the approval no longer holds for the working plan, in plain words, or null when it does. */
function voidReason(a: SignedApproval, pkg: ReadPackage): string | null {
  if (!pkg.working) return 'the package has no working plan to hold it against';
  const version = pkg.versions.find((v) => v.id === a.versionId);
  const standing = approvalStanding(a, pkg.working.plan, meshHashesOf(pkg), version?.plan ?? null);
  if (standing.holds) return null;
  if (!version) return `the plan changed since approval, and the approved version "${a.versionName}" is not in the package`;
  return `changed since approval of version "${a.versionName}": ${voidText(standing)}`;
}

/**
 * Each approval: its signature (and whose key, against `known` when a list is given) and
 * whether it holds for the working plan. A void approval fails only when it is the newest:
 * an older one made void by later edits is history, once a later approval covers them.
 */
export async function approvalChecks(pkg: ReadPackage, known: readonly KnownKey[] | undefined): Promise<Check[]> {
  const approvals = pkg.decisions.filter((d): d is SignedApproval => d.kind === 'approval').sort((x, y) => x.at - y.at);
  if (approvals.length === 0) return [{ status: 'ok', name: 'approvals', detail: 'none' }];
  const checks: Check[] = [];
  for (const a of approvals) {
    const name = `approval by ${a.signer} (${when(a.at)})`;
    const trust = await approvalTrust(a, known ?? []);
    if (trust.state === 'invalid') {
      checks.push({ status: 'FAIL', name, detail: 'the signature is invalid: the approval was altered, or not signed with the key it carries' });
      continue;
    }
    const key = formatFingerprint(a.fingerprint);
    if (trust.state === 'verified') checks.push({ status: 'ok', name, detail: `signature verified: ${trust.name}` });
    else if (known) checks.push({ status: 'FAIL', name, detail: `signature valid but by an unknown key ${key}, not on the list of known keys` });
    else checks.push({ status: 'note', name, detail: `signature valid, unknown key ${key} (give --known-keys to check whose it is)` });
    const reason = voidReason(a, pkg);
    const newest = a === approvals[approvals.length - 1];
    if (pkg.kind === 'response') checks.push({ status: 'note', name, detail: 'a response package carries no scans to hold the approval against: import it into its case, or verify the case package' });
    else if (reason === null) checks.push({ status: 'ok', name, detail: `valid for the working plan ("${a.meaning}")` });
    else checks.push({ status: newest ? 'FAIL' : 'note', name, detail: `void: ${reason}` });
  }
  return checks;
}

export async function verifyPackage(bytes: Uint8Array, fileName: string, opts: { key?: string; known?: readonly KnownKey[] }): Promise<Check[]> {
  const opened = await openPackage(bytes, fileName, opts.key);
  if ('problem' in opened) return [{ status: 'FAIL', name: 'encryption', detail: opened.problem }];
  const checks: Check[] = opened.encrypted ? [{ status: 'ok', name: 'encryption', detail: 'opened with the key (AES-GCM)' }] : [];
  const read = await readChecked(opened.bytes, fileName);
  if (!read.ok) return [...checks, read.check];
  return [...checks, ...contentChecks(read.pkg), ...(await approvalChecks(read.pkg, opts.known))];
}

