/**
 * The roster directory behind a loader. The directory keeps the folds of the groups held here
 * and follows their stores, so it and what member sessions read from it are a chunk of their
 * own: loaded by the first question sessions or sync ask about groups, or at start when a group
 * is held. A first visit, with no friend and no group, never loads it.
 */
import type { ConversationId } from '../../lib/ids';
import type { Unsubscribe } from '../transport';
import type { RosterDirectory } from './RosterDirectory';

type Listener = (conv: ConversationId) => void;
type Method = (...args: unknown[]) => Promise<unknown>;

/** The directory's stand-in, and how to wait for the real one. */
export interface LazyDirectory {
  /** Answers as the real directory does, loading it on the first asynchronous question. */
  readonly directory: RosterDirectory;
  /** The real directory, loaded now if it is not yet. */
  load(): Promise<RosterDirectory>;
}

/** A stand-in for the directory `load` builds; `close` on it closes the real one too. */
export function lazyDirectory(load: () => Promise<RosterDirectory>): LazyDirectory {
  let real: RosterDirectory | null = null;
  let loading: Promise<RosterDirectory> | null = null;
  let closed = false;
  // Change listeners given before the directory loads; they follow it once it does.
  const early = new Map<Listener, Unsubscribe | null>();

  const loaded = (): Promise<RosterDirectory> =>
    (loading ??= load().then(
      (directory) => {
        real = directory;
        if (closed) directory.close();
        for (const listener of early.keys()) early.set(listener, directory.onChange(listener));
        return directory;
      },
      (err: unknown) => {
        loading = null;
        throw err;
      },
    ));

  const onChange = (listener: Listener): Unsubscribe => {
    if (real) return real.onChange(listener);
    early.set(listener, null);
    return () => {
      early.get(listener)?.();
      early.delete(listener);
    };
  };
  const close = () => {
    closed = true;
    early.clear();
    real?.close();
  };

  const directory = new Proxy({} as RosterDirectory, {
    get(_, name) {
      if (name === 'onChange') return onChange;
      if (name === 'close') return close;
      if (name === 'ready') return loaded().then((d) => d.ready);
      // Not a thenable, whatever awaits the directory.
      if (typeof name !== 'string' || name === 'then') return undefined;
      // Every other member is an asynchronous question, asked of the real directory by name.
      const forward: Method = async (...args) => {
        const target = (await loaded()) as unknown as Record<string, Method>;
        return target[name]!.apply(target, args);
      };
      return forward;
    },
  });
  return { directory, load: loaded };
}
