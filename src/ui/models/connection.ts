// CONTRACT (owned by the core helper): signaling connection model used by the UI.
import { signal } from '@preact/signals';
import type { ConnectionStatus } from '../../peers/transport';

export const connectionStatus = signal<ConnectionStatus>('offline');
/** Human-readable reason when status is 'error' (an i18n key or server text). */
export const connectionError = signal<string | null>(null);

/** Start signaling for `me` (signs a token, connects, reconnects with backoff). Returns stop. */
export declare function startConnection(): () => void;
