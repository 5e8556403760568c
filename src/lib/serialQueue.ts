/**
 * Tasks that must not overlap run one after another: frames of one session,
 * passes of one puller, appends to one log. Each task starts once the one
 * before it has settled, and a failure never stops the tasks behind it.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /**
   * Queue `task`; if it fails, `onFailure` handles the error before the next
   * task starts. Returns a promise that settles when both are done.
   */
  push(task: () => unknown, onFailure: (err: unknown) => void | PromiseLike<void>): Promise<void> {
    const settled = this.#tail.then(task).then(noop, onFailure);
    this.#tail = settled;
    return settled;
  }

  /** Queue `task` and hand its own result (or rejection) to the caller. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(noop);
    return result;
  }

  /** Settles when every task queued so far has settled. */
  settled(): Promise<void> {
    return this.#tail.then(noop, noop);
  }
}

/** One {@link SerialQueue} per key: tasks of one key run in order, keys run side by side. */
export class KeyedSerialQueue<K> {
  readonly #queues = new Map<K, SerialQueue>();

  /** {@link SerialQueue.push} on the queue of `key`. */
  push(
    key: K,
    task: () => unknown,
    onFailure: (err: unknown) => void | PromiseLike<void>,
  ): Promise<void> {
    return this.#queue(key).push(task, onFailure);
  }

  /** {@link SerialQueue.run} on the queue of `key`. */
  run<T>(key: K, task: () => T | Promise<T>): Promise<T> {
    return this.#queue(key).run(task);
  }

  /** Forget `key` (its queued tasks still run); the next task for it starts a new queue. */
  delete(key: K): void {
    this.#queues.delete(key);
  }

  #queue(key: K): SerialQueue {
    let queue = this.#queues.get(key);
    if (!queue) {
      queue = new SerialQueue();
      this.#queues.set(key, queue);
    }
    return queue;
  }
}

function noop(): void {}
