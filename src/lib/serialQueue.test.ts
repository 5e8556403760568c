import { describe, expect, it } from 'vitest';
import { KeyedSerialQueue, SerialQueue } from './serialQueue';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('SerialQueue', () => {
  it('runs tasks one after another, each after the one before has settled', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const slow = async (name: string) => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    void queue.push(
      () => slow('a'),
      () => undefined,
    );
    void queue.push(
      () => slow('b'),
      () => undefined,
    );
    await queue.settled();
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('hands a failure to onFailure before the next task starts, and goes on', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    void queue.push(
      () => Promise.reject(new Error('boom')),
      (err) => {
        log.push(`failed: ${(err as Error).message}`);
      },
    );
    const done = queue.push(
      () => log.push('next'),
      () => undefined,
    );
    await done;
    expect(log).toEqual(['failed: boom', 'next']);
  });

  it('run returns the result of the task, and its rejection, without stopping the queue', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error('no')));
    const value = queue.run(() => 42);
    await expect(failed).rejects.toThrow('no');
    await expect(value).resolves.toBe(42);
  });

  it('settled waits for what is queued and never rejects', async () => {
    const queue = new SerialQueue();
    let ran = false;
    void queue
      .run(async () => {
        await tick();
        throw new Error('late');
      })
      .catch(() => undefined);
    void queue.push(
      () => (ran = true),
      () => undefined,
    );
    await queue.settled();
    expect(ran).toBe(true);
  });
});

describe('KeyedSerialQueue', () => {
  it('orders tasks of one key and lets other keys run side by side', async () => {
    const queue = new KeyedSerialQueue<string>();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a1 = queue.run('a', async () => {
      await gate;
      log.push('a1');
    });
    const a2 = queue.run('a', () => log.push('a2'));
    const b1 = queue.run('b', () => log.push('b1'));
    await b1;
    expect(log).toEqual(['b1']);
    release();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('after delete, a new task for the key does not wait for the old ones', async () => {
    const queue = new KeyedSerialQueue<string>();
    const never = new Promise<void>(() => undefined);
    void queue.push(
      'a',
      () => never,
      () => undefined,
    );
    queue.delete('a');
    await expect(queue.run('a', () => 'fresh')).resolves.toBe('fresh');
  });
});
