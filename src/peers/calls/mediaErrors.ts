/**
 * getUserMedia / getDisplayMedia failures mapped to what the UI explains
 * ([CALL-11]). Pure and tested: browsers name the same failure differently
 * (the legacy Chrome names are still seen in WebViews).
 */
import type { MediaError } from './api';

const BY_NAME: Readonly<Record<string, MediaError>> = {
  NotAllowedError: 'permission',
  PermissionDeniedError: 'permission',
  SecurityError: 'permission',
  NotFoundError: 'noDevice',
  DevicesNotFoundError: 'noDevice',
  OverconstrainedError: 'noDevice',
  ConstraintNotSatisfiedError: 'noDevice',
  NotReadableError: 'inUse',
  TrackStartError: 'inUse',
  AbortError: 'inUse',
  NotSupportedError: 'unsupported',
  TypeError: 'unsupported',
};

/** The MediaError for anything getUserMedia or getDisplayMedia threw. Never throws. */
export function mediaErrorOf(err: unknown): MediaError {
  const name =
    typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  return (typeof name === 'string' && BY_NAME[name]) || 'unsupported';
}

/** What the browser throws when an API is missing (no mediaDevices: insecure page, old browser). */
export class MediaUnsupportedError extends Error {
  override readonly name = 'NotSupportedError';
}
