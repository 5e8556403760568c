import { afterAll, describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../../lib/errors';
import { setLogSink } from '../../../lib/log';
import { onboardingBusy, onboardingProblem, submitOnboarding } from './onboarding';

describe('submitOnboarding', () => {
  const restoreLog = setLogSink(() => {});
  afterAll(restoreLog);

  it('creates the identity with the trimmed name', async () => {
    const create = vi.fn(() => Promise.resolve());
    await submitOnboarding('  Ann ', create);
    expect(create).toHaveBeenCalledWith('Ann');
    expect(onboardingProblem.value).toBeNull();
    expect(onboardingBusy.value).toBe(false);
  });

  it('explains an empty or long name without creating anything', async () => {
    const create = vi.fn(() => Promise.resolve());
    await submitOnboarding('   ', create);
    expect(onboardingProblem.value).toEqual({ kind: 'empty' });
    await submitOnboarding('x'.repeat(41), create);
    expect(onboardingProblem.value).toEqual({ kind: 'tooLong', count: 41 });
    expect(create).not.toHaveBeenCalled();
  });

  it('reports a failure to create and can be retried', async () => {
    const error = new StorageError('quota');
    await submitOnboarding('Ann', () => Promise.reject(error));
    expect(onboardingProblem.value).toEqual({ kind: 'failed', error });
    expect(onboardingBusy.value).toBe(false);
    await submitOnboarding('Ann', () => Promise.resolve());
    expect(onboardingProblem.value).toBeNull();
  });
});
