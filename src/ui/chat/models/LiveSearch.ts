/**
 * Search as the user types: a query is searched once typing pauses for SEARCH_DEBOUNCE_MS, not
 * on every keystroke, and only the newest query's answer is shown (a search for an older query
 * that ends late is dropped).
 */
import type { Clock } from '../../../lib/clock';
import { Debounce } from '../../../lib/debounce';

/** Wait for a pause in typing before searching. */
export const SEARCH_DEBOUNCE_MS = 200;

/** Where the newest query's answer goes. */
export interface LiveSearchReport<A> {
  found(answer: A): void;
  failed(err: unknown): void;
}

/** Searches for the queries of one search field, on `clock`. */
export class LiveSearch<Q, A> {
  readonly #debounce: Debounce;
  readonly #search: (query: Q) => Promise<A>;
  readonly #report: LiveSearchReport<A>;
  #asked = 0;

  constructor(clock: Clock, search: (query: Q) => Promise<A>, report: LiveSearchReport<A>) {
    this.#debounce = new Debounce(clock, SEARCH_DEBOUNCE_MS);
    this.#search = search;
    this.#report = report;
  }

  /** The query changed: search it once typing pauses; any earlier query's answer is dropped. */
  ask(query: Q): void {
    const asked = ++this.#asked;
    this.#debounce.schedule(() => {
      this.#search(query).then(
        (answer) => asked === this.#asked && this.#report.found(answer),
        (err: unknown) => asked === this.#asked && this.#report.failed(err),
      );
    });
  }

  /** The results are closed: nothing more is searched or reported. */
  stop(): void {
    this.#asked++;
    this.#debounce.cancel();
  }
}
