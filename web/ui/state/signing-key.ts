// This browser's signing key as a signer meets it: the one stored, or, when there is none yet,
// one made from the name and a passphrase typed twice (it is never stored and cannot be
// recovered). A doctor approving a plan and a DSO lead signing a protocol go through here.
import { createSigningKey, type StoredSigningKey } from '../../exchange/signing.ts';
import type { StudioServices } from '../services.ts';

export interface SignerInput {
  name: string;
  passphrase: string;
  /** Needed when this browser has no signing key yet: it is created from the name and passphrase. */
  passphraseAgain?: string;
}

/** `iterations`: PBKDF2 work for a new key (tests use fewer); the default is signing.ts's. */
export async function signingKeyFor(profile: Pick<StudioServices['profile'], 'signingKey' | 'saveSigningKey'>, input: SignerInput, iterations?: number): Promise<StoredSigningKey> {
  const stored = await profile.signingKey();
  if (stored) return stored;
  if (input.passphraseAgain === undefined) throw new Error('This browser has no signing key yet: enter the passphrase twice to create one.');
  if (input.passphraseAgain !== input.passphrase) throw new Error('The two passphrases are not the same.');
  const key = await createSigningKey(input.name, input.passphrase, iterations ? { iterations } : {});
  await profile.saveSigningKey(key);
  return key;
}
