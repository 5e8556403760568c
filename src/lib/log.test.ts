import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compileLogFilter, log, setLogFilter, setLogSink, type LogLevel } from './log';

describe('log', () => {
  const lines: [LogLevel, string, readonly unknown[]][] = [];
  const restore = setLogSink((level, ns, args) => lines.push([level, ns, args]));
  afterAll(restore);
  afterEach(() => {
    lines.length = 0;
    setLogFilter('');
  });

  it('hides debug and info unless the namespace is enabled; warn and error always pass', () => {
    const logger = log('peers:signal');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map(([level]) => level)).toEqual(['warn', 'error']);
    setLogFilter('peers:*');
    logger.debug('d2');
    expect(lines.at(-1)).toEqual(['debug', 'peers:signal', ['d2']]);
  });

  it('extend builds child namespaces', () => {
    setLogFilter('db:settings');
    log('db').extend('settings').info('x');
    log('db').info('not me');
    expect(lines).toEqual([['info', 'db:settings', ['x']]]);
  });

  it('compiles debug-style patterns', () => {
    const re = compileLogFilter('peers:*, db')!;
    expect(re.test('peers:signal')).toBe(true);
    expect(re.test('db')).toBe(true);
    expect(re.test('dbx')).toBe(false);
    expect(re.test('ui:peers:x')).toBe(false);
    expect(compileLogFilter('  ')).toBeNull();
    expect(compileLogFilter('a.b')!.test('axb')).toBe(false);
  });
});
