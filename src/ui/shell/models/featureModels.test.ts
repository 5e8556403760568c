import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDatabase } from '../../../db/db';
import { setLogSink } from '../../../lib/log';
import { MemoryHub } from '../../../peers/memory/MemoryHub';
import { callEngine } from '../../calls/models/callState';
import { loadFeatureModels } from './featureLoader';
import { createIdentity, identityState, me } from '../../me/models/identity';
import { runtime, startEngines } from './runtime';

/** The first load of the file and call engines' modules is slow in a busy test run. */
const FEATURES_LOAD_MS = 5000;

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
  useDatabase(`test-model-features-${crypto.randomUUID()}`);
  identityState.value = 'loading';
  me.value = null;
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

describe('feature models', () => {
  it('a screen with files gets the runtime’s file engine with no friend online; stop lets go', async () => {
    const hub = new MemoryHub();
    cleanup.push(loadFeatureModels());
    const stopEngines = startEngines((keys) => Promise.resolve(hub.createTransport(keys.id)));
    cleanup.push(stopEngines);
    await createIdentity('Ada');
    await vi.waitFor(() => expect(runtime.value).not.toBeNull());
    expect(runtime.value!.features).toBeNull();

    // The files model is what the chat and storage screens load: it asks for the engines.
    const { fileEngine } = await import('../../files/models/files');
    await vi.waitFor(() => expect(fileEngine.value).not.toBeNull(), {
      timeout: FEATURES_LOAD_MS,
    });
    expect(fileEngine.value).toBe(runtime.value!.features!.files);
    // The memory transport carries no media: no call engine to show.
    expect(runtime.value!.features!.calls).toBeNull();
    expect(callEngine.value).toBeNull();

    stopEngines();
    expect(runtime.value).toBeNull();
    expect(fileEngine.value).toBeNull();
  });
});
