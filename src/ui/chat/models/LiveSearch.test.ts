import { beforeEach, describe, expect, it } from 'vitest';
import { FakeEnvironment, flush } from '../../../peers/testing/fakeEnvironment';
import { LiveSearch, SEARCH_DEBOUNCE_MS } from './LiveSearch';

describe('search as you type', () => {
  let clock: FakeEnvironment;
  let searched: string[];
  let answers: Map<string, { resolve: (hits: string[]) => void; reject: (err: Error) => void }>;
  let shown: string[][];
  let failures: unknown[];
  let search: LiveSearch<string, string[]>;

  beforeEach(() => {
    clock = new FakeEnvironment();
    searched = [];
    answers = new Map();
    shown = [];
    failures = [];
    search = new LiveSearch(
      clock,
      (query) => {
        searched.push(query);
        return new Promise((resolve, reject) => answers.set(query, { resolve, reject }));
      },
      { found: (hits) => shown.push(hits), failed: (err) => failures.push(err) },
    );
  });

  it('searches once typing pauses for SEARCH_DEBOUNCE_MS, only the last query', async () => {
    for (const typed of ['h', 'he', 'hey']) {
      search.ask(typed);
      await clock.advance(SEARCH_DEBOUNCE_MS - 1);
    }
    expect(searched).toEqual([]);
    await clock.advance(1);
    expect(searched).toEqual(['hey']);
    answers.get('hey')?.resolve(['m1']);
    await flush();
    expect(shown).toEqual([['m1']]);
  });

  it('drops the answer to a query the user has typed past', async () => {
    search.ask('cat');
    await clock.advance(SEARCH_DEBOUNCE_MS);
    search.ask('cats');
    await clock.advance(SEARCH_DEBOUNCE_MS);
    expect(searched).toEqual(['cat', 'cats']);
    answers.get('cats')?.resolve(['new']);
    answers.get('cat')?.resolve(['old']);
    await flush();
    expect(shown).toEqual([['new']]);
    expect(failures).toEqual([]);
  });

  it('reports a failed search of the newest query', async () => {
    search.ask('x');
    await clock.advance(SEARCH_DEBOUNCE_MS);
    const err = new Error('storage');
    answers.get('x')?.reject(err);
    await flush();
    expect(failures).toEqual([err]);
  });

  it('after stop nothing is searched or shown', async () => {
    search.ask('a');
    await clock.advance(SEARCH_DEBOUNCE_MS);
    search.ask('ab');
    search.stop();
    await clock.advance(SEARCH_DEBOUNCE_MS * 2);
    expect(searched).toEqual(['a']);
    answers.get('a')?.resolve(['late']);
    await flush();
    expect(shown).toEqual([]);
  });
});
