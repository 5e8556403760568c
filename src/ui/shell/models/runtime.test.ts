import { beforeEach, describe, expect, it } from 'vitest';
import { useDatabase } from '../../../db/db';
import { untilStatus } from '../../../peers/contractHelpers';
import { MemoryHub } from '../../../peers/memory/MemoryHub';
import type { MemoryTransport } from '../../../peers/memory/MemoryTransport';
import {
  connectionError,
  connectionStatus,
  identityTakenElsewhere,
  runtime,
  startEngines,
  takeOver,
  type TransportFactory,
} from './runtime';
import { createIdentity, identityState, me } from '../../me/models/identity';

beforeEach(() => {
  useDatabase(`test-model-runtime-${crypto.randomUUID()}`);
  identityState.value = 'loading';
  me.value = null;
});

function memoryFactory(hub: MemoryHub, made: MemoryTransport[]): TransportFactory {
  return (keys) => {
    const t = hub.createTransport(keys.id);
    made.push(t);
    return Promise.resolve(t);
  };
}

describe('runtime model', () => {
  it('waits for the identity, then runs the engines and mirrors the transport status', async () => {
    const hub = new MemoryHub();
    const made: MemoryTransport[] = [];
    const stop = startEngines(memoryFactory(hub, made));
    expect(connectionStatus.value).toBe('offline');
    expect(made).toHaveLength(0);
    await createIdentity('Ada');
    expect(connectionStatus.value).toBe('connecting');
    await untilStatus(made[0]!, 'online', 1000);
    expect(connectionStatus.value).toBe('online');
    expect(runtime.value?.transport).toBe(made[0]);
    expect(runtime.value?.transport.id).toBe(me.value?.id);
    hub.setOffline(made[0]!, true);
    expect(connectionStatus.value).toBe('offline');
    stop();
    expect(runtime.value).toBeNull();
    expect(made[0]!.destroyed).toBe(true);
    expect(connectionStatus.value).toBe('offline');
  });

  it('shows ID-TAKEN as an error with its reason, and takeOver claims the id back', async () => {
    const hub = new MemoryHub();
    const made: MemoryTransport[] = [];
    await createIdentity('Ada');
    const stop = startEngines(memoryFactory(hub, made));
    await new Promise((r) => setTimeout(r, 0));
    await untilStatus(made[0]!, 'online', 1000);
    const otherTab = hub.createTransport(me.value!.id);
    await untilStatus(otherTab, 'online', 1000);
    expect(connectionStatus.value).toBe('error');
    expect(connectionError.value).toBe('idTaken');
    expect(identityTakenElsewhere.value).toBe(true);
    takeOver();
    await untilStatus(made[0]!, 'online', 1000);
    expect(connectionStatus.value).toBe('online');
    expect(connectionError.value).toBeNull();
    expect(otherTab.status).toBe('error');
    stop();
    otherTab.destroy();
  });

  it('a stop before the transport is built destroys it on arrival', async () => {
    const hub = new MemoryHub();
    const made: MemoryTransport[] = [];
    await createIdentity('Ada');
    const stop = startEngines(memoryFactory(hub, made));
    stop();
    await new Promise((r) => setTimeout(r, 0));
    expect(made[0]?.destroyed).toBe(true);
    expect(runtime.value).toBeNull();
  });
});
