/**
 * Loads the models of the file and call engines (featureModels.ts, a lazy chunk) once the
 * runtime runs those engines, so the first visit downloads neither.
 */
import { effect } from '@preact/signals';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { runtime } from './runtime';

const logger = log('ui:features');

/** Load the file and call models when the running runtime's engines are up. Returns stop. */
export function loadFeatureModels(): () => void {
  return effect(() =>
    runtime.value?.onFeatures(() => {
      import('./featureModels').catch((err: unknown) =>
        logger.warn('could not load the file and call models', describeError(err)),
      );
    }),
  );
}
