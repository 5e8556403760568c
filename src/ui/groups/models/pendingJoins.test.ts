import { afterEach, describe, expect, it } from 'vitest';
import { PlumeDatabase } from '../../../db/db';
import { listPendingJoins, PENDING_JOINS_KEY } from '../../../db/pendingJoins';
import type { GroupCode } from '../../../lib/groupCode';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { FakeEnvironment, flush } from '../../../peers/testing/fakeEnvironment';
import {
  PENDING_KEEP_MS,
  PENDING_RETRY_MS,
  pendingJoins,
  rememberJoin,
  startPendingJoins,
} from './pendingJoins';

const CODE: GroupCode = {
  conv: `g:${'a'.repeat(26)}` as ConversationId,
  link: 'L'.repeat(21) + 'A',
  expires: 1_000_000,
  hosts: ['b'.repeat(32) as PeerId],
  name: 'Picnic',
};

type Answer = 'pending' | 'member' | { reason: string };

/** Group actions whose join answers from `answers` in turn, recording each ask. */
function fakeApi(answers: Answer[]) {
  const asks: { conv: string; again: boolean | undefined }[] = [];
  return {
    asks,
    api: {
      join: (code: GroupCode, _r?: string, _s?: unknown, again?: boolean) => {
        asks.push({ conv: code.conv, again });
        const answer = answers.shift() ?? 'pending';
        return typeof answer === 'string'
          ? Promise.resolve(answer)
          : Promise.reject(Object.assign(new Error('no'), answer));
      },
    },
  };
}

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

/** A fresh database holding `CODE`'s join as sent at `since`: as after a reload. */
async function reloaded(since = 0) {
  const db = new PlumeDatabase(`test-pending-${crypto.randomUUID()}`);
  await rememberJoin(db, CODE, since);
  pendingJoins.value = [];
  return db;
}

async function settle() {
  for (let i = 0; i < 10; i++) {
    await flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('joins waiting for approval', () => {
  it('[GRP-81] a waiting join survives a reload: listed, asked about again (no new join), and completed once accepted', async () => {
    const db = await reloaded();
    const env = new FakeEnvironment();
    const { api, asks } = fakeApi(['pending', 'member']);
    const ended: string[] = [];
    stops.push(
      startPendingJoins({
        db,
        api: () => api,
        clock: env,
        now: () => env.now,
        onEnd: (code, outcome) => ended.push(`${code.name}:${outcome}`),
      }),
    );
    await settle();
    expect(pendingJoins.value.map((j) => j.code.name)).toEqual(['Picnic']);
    expect(asks).toEqual([{ conv: CODE.conv, again: true }]);
    // Still waiting: kept, and nobody asks again before the retry.
    await env.advance(PENDING_RETRY_MS - 1);
    await settle();
    expect(asks).toHaveLength(1);
    await env.advance(1);
    await settle();
    expect(asks).toHaveLength(2);
    expect(ended).toEqual(['Picnic:member']);
    expect(pendingJoins.value).toEqual([]);
    expect(await listPendingJoins(db)).toEqual([]);
  });

  it('[GRP-81] nothing is asked while the group actions are not up; coming online asks at once', async () => {
    const db = await reloaded();
    const env = new FakeEnvironment();
    const { api, asks } = fakeApi(['member']);
    let up = false;
    stops.push(
      startPendingJoins({
        db,
        api: () => (up ? api : null),
        clock: env,
        now: () => env.now,
        onOnline: (cb) => env.onOnline(cb),
      }),
    );
    await settle();
    expect(asks).toEqual([]);
    expect(pendingJoins.value).toHaveLength(1);
    up = true;
    env.fireOnline();
    await settle();
    expect(asks).toHaveLength(1);
    expect(await listPendingJoins(db)).toEqual([]);
  });

  it('[GRP-81] a declined join is forgotten; an unreachable one is kept; an old one is dropped unasked', async () => {
    for (const [answer, kept] of [
      [{ reason: 'declined' }, 0],
      [{ reason: 'unreachable' }, 1],
    ] as const) {
      const db = await reloaded();
      const env = new FakeEnvironment();
      const { api } = fakeApi([answer]);
      stops.push(startPendingJoins({ db, api: () => api, clock: env, now: () => env.now }));
      await settle();
      expect(await listPendingJoins(db)).toHaveLength(kept);
    }
    const db = await reloaded(0);
    const env = new FakeEnvironment();
    env.now = PENDING_KEEP_MS + 1;
    const { api, asks } = fakeApi([]);
    stops.push(startPendingJoins({ db, api: () => api, clock: env, now: () => env.now }));
    await settle();
    expect(asks).toEqual([]);
    expect(await listPendingJoins(db)).toEqual([]);
  });

  it('[GRP-81] a damaged stored entry is dropped on read, never shown', async () => {
    const db = await reloaded();
    const held = await db.settings.get(PENDING_JOINS_KEY);
    const value = [...(held!.value as unknown[]), { payload: 'not a code', since: 1 }, 7];
    await db.settings.put({ key: PENDING_JOINS_KEY, value });
    expect((await listPendingJoins(db)).map((j) => j.code)).toEqual([CODE]);
  });
});
