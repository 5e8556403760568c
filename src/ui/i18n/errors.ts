/** Turn errors into sentences the user can act on, in the current language. */
import { IdentityError, SignalingError, StorageError } from '../../lib/errors';
import { isMessageKey, t } from './index';

/** A translated sentence for anything thrown: storage, identity and signaling reasons, else generic. */
export function errorText(err: unknown): string {
  if (err instanceof StorageError) return t(`storage.${err.reason}`);
  if (err instanceof IdentityError) return t(`identity.${err.reason}`);
  if (err instanceof SignalingError) return t(`signaling.${err.reason}`);
  return t('error.generic');
}

/**
 * The connection model's `connectionError` is an i18n key, a signaling reason
 * (`idTaken`) or server text. Translate what can be translated; show the rest as is.
 */
export function connectionErrorText(raw: string): string {
  if (isMessageKey(raw)) return t(raw);
  const reasonKey = `signaling.${raw}`;
  if (isMessageKey(reasonKey)) return t(reasonKey);
  return raw;
}
