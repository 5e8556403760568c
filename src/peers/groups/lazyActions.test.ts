import { describe, expect, it, vi } from 'vitest';
import type { GroupActions, GroupDirectory } from './contract';
import { lazyActions } from './lazyActions';

describe('lazyActions', () => {
  it('loads the engine on the first action only, and forwards the arguments and the answer', async () => {
    const leave = vi.fn(() => Promise.resolve());
    const create = vi.fn(() => Promise.resolve('g:x'));
    const load = vi.fn(() => Promise.resolve({ leave, create } as unknown as GroupActions));
    const actions = lazyActions(load, {} as GroupDirectory);
    expect(load).not.toHaveBeenCalled();
    await expect(actions.create('Hiking', [])).resolves.toBe('g:x');
    await actions.leave('g:x' as never);
    expect(create).toHaveBeenCalledWith('Hiking', []);
    expect(leave).toHaveBeenCalledWith('g:x');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('onView is the directory’s, with no engine; the actions object is no thenable', async () => {
    const off = () => undefined;
    const onChange = vi.fn(() => off);
    const load = vi.fn(() => Promise.reject(new Error('not loaded')));
    const actions = lazyActions(load, { onChange } as unknown as GroupDirectory);
    const listener = () => undefined;
    expect(actions.onView(listener)).toBe(off);
    expect(onChange).toHaveBeenCalledWith(listener);
    expect(await Promise.resolve(actions)).toBe(actions);
    expect(load).not.toHaveBeenCalled();
  });
});
