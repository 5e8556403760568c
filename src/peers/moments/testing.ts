/**
 * Test support: friend installs (src/peers/friends/testing.ts) with a moments engine each, told
 * of friendship changes as the runtime tells it, and small readers. No test-framework imports.
 */
import type { PeerId } from '../../lib/ids';
import { makeInstall, type Install } from '../friends/testing';
import type { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import type { PostKey, PostView } from './api';
import { MomentsEngine } from './MomentsEngine';

/** An install with a running moments engine. */
export interface MomentsInstall extends Install {
  moments: MomentsEngine;
}

/** A new install with a moments engine. */
export async function makeMomentsInstall(hub: MemoryHub, name: string): Promise<MomentsInstall> {
  const install = (await makeInstall(hub, name)) as MomentsInstall;
  const moments = new MomentsEngine({
    manager: install.engine.manager,
    keys: install.keys,
    db: install.db,
    now: () => Date.now() + install.clockOffset,
  });
  install.moments = moments;
  moments.start();
  install.engine.on('changed', (peer) => moments.friendChanged(peer));
  const stop = install.stop.bind(install);
  install.stop = () => {
    moments.stop();
    stop();
  };
  return install;
}

/** The whole feed as `install` shows it, newest first. */
export async function feedOf(install: MomentsInstall): Promise<PostView[]> {
  return [...(await install.moments.feed(null, 1000)).posts];
}

/** Wait until `install` shows `post` and `check` holds for it. */
export async function untilPost(
  install: MomentsInstall,
  post: PostKey,
  check: (view: PostView) => boolean = () => true,
  ms = 3000,
): Promise<PostView> {
  let seen: PostView | null = null;
  await waitFor(
    async () => {
      seen = await install.moments.post(post);
      return seen !== null && check(seen);
    },
    ms,
    `${install.name} shows ${post}`,
  );
  return seen!;
}

/** Whether `install` holds anything at all of the post with local id `id` by `author`. */
export async function holdsAnything(
  install: MomentsInstall,
  author: PeerId,
  id: string,
): Promise<boolean> {
  const events = await install.db.momEvents.toArray();
  const row = await install.db.momPosts.get(`${author}:${id}`);
  return row !== undefined || events.some((e) => JSON.stringify(e.body).includes(id));
}
