// CONTRACT (owned by the core helper): identity model used by the UI.
import { signal } from '@preact/signals';
import type { PeerId } from '../../lib/ids';

export interface Me {
  id: PeerId;
  displayName: string;
  createdAt: number;
}
/** 'loading' until IndexedDB answered; 'none' means onboarding is needed. */
export const identityState = signal<'loading' | 'none' | 'ready'>('loading');
export const me = signal<Me | null>(null);

/** Read the identity from IndexedDB (renders at once, never waits on signaling). */
export declare function loadIdentity(): Promise<void>;
/** First run: create the Ed25519 identity with this display name, store it, set `me`. */
export declare function createIdentity(displayName: string): Promise<void>;
