/** Hooks of the moments screens: the engine, and a list of moments that follows it. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MomentsApi } from '../../../peers/moments/api';
import { runtime } from '../../shell/models/runtime';
import { momentsOf } from '../models/momentsApi';
import { followList, PostList, type PageReader } from '../models/postList';

/** The moments engine: undefined while it loads, null when there is none (no runtime). */
export function useMomentsApi(): MomentsApi | null | undefined {
  const running = runtime.value;
  const [api, setApi] = useState<MomentsApi | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    if (!running) {
      setApi(null);
      return;
    }
    momentsOf(running).then(
      (loaded) => live && setApi(loaded),
      () => live && setApi(null),
    );
    return () => {
      live = false;
    };
  }, [running]);
  return api;
}

/** A list of moments read by `read` from `api`, read at once and kept in step with the engine. */
export function usePostList(
  api: MomentsApi | null | undefined,
  read: (api: MomentsApi) => PageReader,
): PostList | null {
  const list = useMemo(() => (api ? new PostList(read(api)) : null), [api]);
  useEffect(() => {
    if (!api || !list) return;
    void list.reload();
    return followList(api, list);
  }, [api, list]);
  return list;
}
