/**
 * The worker's logger: one namespace, errors only. A peer going away is not logged at all;
 * what reaches here is a real fault worth reading in `wrangler tail`.
 */
const NAMESPACE = 'plume:signaling';

/** Log an unexpected failure in `where`, never throwing. */
export function logError(where: string, err: unknown): void {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  console.error(`[${NAMESPACE}] ${where}: ${text}`);
}
