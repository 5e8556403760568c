/**
 * Identity model: who this install is. `loadIdentity` reads IndexedDB only (no
 * network), so the first render never waits on signaling. The private key is
 * kept out of `me` (which components render) and exposed through
 * `identityKeys` for the connection model, the handshake and signing.
 */
import { computed, signal } from '@preact/signals';
import {
  getIdentity,
  saveIdentityIfAbsent,
  updateDisplayName,
  type StoredIdentity,
} from '../../../db/identityRepo';
import { IdentityError, StorageError } from '../../../lib/errors';
import {
  generateIdentityKeys,
  normalizeDisplayName,
  type IdentityKeys,
} from '../../../lib/identity';
import type { PeerId } from '../../../lib/ids';
import { log } from '../../../lib/log';

const logger = log('ui:identity');

/** The public face of the local identity. */
export interface Me {
  id: PeerId;
  displayName: string;
  createdAt: number;
}

/** 'loading' until IndexedDB answered; 'none' means onboarding is needed. */
export const identityState = signal<'loading' | 'none' | 'ready'>('loading');
/** The local identity once 'ready'. */
export const me = signal<Me | null>(null);
/**
 * Set when IndexedDB could not be read. `identityState` then stays 'loading'
 * on purpose: showing onboarding would invite the user to create a second
 * identity over the unreadable first one. Show this error with a retry instead.
 */
export const identityError = signal<StorageError | null>(null);

const keys = signal<IdentityKeys | null>(null);
/** Key material of the local identity (null until 'ready'). Not for rendering. */
export const identityKeys = computed(() => keys.value);

function adopt(stored: StoredIdentity): void {
  keys.value = {
    id: stored.id,
    publicKeyRaw: stored.publicKeyRaw,
    publicKey: stored.publicKey,
    privateKey: stored.privateKey,
  };
  me.value = { id: stored.id, displayName: stored.displayName, createdAt: stored.createdAt };
  identityState.value = 'ready';
}

function asStorageError(err: unknown): StorageError {
  return err instanceof StorageError ? err : new StorageError('failed', { cause: err });
}

/** Read the identity from IndexedDB (renders at once, never waits on signaling). Never rejects. */
export async function loadIdentity(): Promise<void> {
  identityError.value = null;
  try {
    const stored = await getIdentity();
    if (stored) adopt(stored);
    else identityState.value = 'none';
  } catch (err) {
    logger.error('could not read the identity', err);
    identityError.value = asStorageError(err);
  }
}

/**
 * First run: create the Ed25519 identity with this display name, store it, set
 * `me`. If another tab created one meanwhile, that one is kept and adopted.
 * Rejects with IdentityError ('invalidName', 'unsupported') or StorageError.
 */
export async function createIdentity(displayName: string): Promise<void> {
  const name = normalizeDisplayName(displayName);
  const generated = await generateIdentityKeys();
  const stored = await saveIdentityIfAbsent({
    ...generated,
    displayName: name,
    createdAt: Date.now(),
  });
  if (stored.id !== generated.id) logger.info('another tab created the identity first; using it');
  identityError.value = null;
  adopt(stored);
}

/** Change the display name (friends get it with the next profile exchange). */
export async function setDisplayName(displayName: string): Promise<void> {
  const current = me.value;
  if (!current) throw new IdentityError('missing');
  const name = normalizeDisplayName(displayName);
  await updateDisplayName(name);
  me.value = { ...current, displayName: name };
}
