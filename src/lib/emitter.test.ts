import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter';
import { setLogSink } from './log';

interface Events {
  ping: (n: number) => void;
  done: () => void;
}

describe('Emitter', () => {
  it('calls listeners in order and unsubscribes', () => {
    const e = new Emitter<Events>();
    const got: string[] = [];
    const off = e.on('ping', (n) => got.push(`a${n}`));
    e.on('ping', (n) => got.push(`b${n}`));
    e.emit('ping', 1);
    off();
    e.emit('ping', 2);
    expect(got).toEqual(['a1', 'b1', 'b2']);
    expect(e.count('ping')).toBe(1);
  });

  it('isolates a throwing listener', () => {
    const restore = setLogSink(() => undefined);
    const e = new Emitter<Events>();
    let called = false;
    e.on('done', () => {
      throw new Error('boom');
    });
    e.on('done', () => (called = true));
    e.emit('done');
    expect(called).toBe(true);
    restore();
  });

  it('lets a listener unsubscribe itself while emitting', () => {
    const e = new Emitter<Events>();
    const got: number[] = [];
    const off = e.on('ping', (n) => {
      got.push(n);
      off();
    });
    e.on('ping', (n) => got.push(n * 10));
    e.emit('ping', 1);
    e.emit('ping', 2);
    expect(got).toEqual([1, 10, 20]);
  });
});
