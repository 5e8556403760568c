/** First run: check the name, then create the identity (identity model). */
import { signal } from '@preact/signals';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { checkDisplayName } from './displayName';
import { createIdentity } from './identity';

const logger = log('ui:onboarding');

export type OnboardingProblem =
  { kind: 'empty' } | { kind: 'tooLong'; count: number } | { kind: 'failed'; error: unknown };

/** Why the last submit did not go through; null when there is nothing to say. */
export const onboardingProblem = signal<OnboardingProblem | null>(null);
/** True while the key is being made and stored. */
export const onboardingBusy = signal(false);

/** Clear the message once the user edits the name again. */
export function clearOnboardingProblem(): void {
  if (onboardingProblem.value?.kind !== 'failed') onboardingProblem.value = null;
}

/**
 * Check `rawName` and create the identity. On success the identity model
 * switches to 'ready' and the shell replaces onboarding.
 */
export async function submitOnboarding(
  rawName: string,
  create: (name: string) => Promise<void> = createIdentity,
): Promise<void> {
  if (onboardingBusy.value) return;
  const check = checkDisplayName(rawName);
  if (!check.ok) {
    onboardingProblem.value =
      check.error === 'tooLong' ? { kind: 'tooLong', count: check.count } : { kind: 'empty' };
    return;
  }
  onboardingProblem.value = null;
  onboardingBusy.value = true;
  try {
    await create(check.name);
  } catch (err) {
    logger.error('could not create the identity', describeError(err));
    onboardingProblem.value = { kind: 'failed', error: err };
  } finally {
    onboardingBusy.value = false;
  }
}
