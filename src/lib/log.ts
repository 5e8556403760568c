/**
 * Namespaced logging: `const logger = log('peers:signal')`. Debug output is off
 * unless the namespace matches the filter, so production consoles stay quiet;
 * warnings and errors always pass. Enable with `?debug=peers:*` in the URL, or
 * `plumeDebug('peers:*')` in the devtools console.
 */

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where log lines go; replaceable in tests. */
export type LogSink = (level: LogLevel, namespace: string, args: readonly unknown[]) => void;

/** A namespaced logger. */
export interface Logger {
  readonly namespace: string;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  /** A child logger: `log('peers').extend('signal')` is `peers:signal`. */
  extend(sub: string): Logger;
}

const consoleSink: LogSink = (level, namespace, args) => {
  // console.debug/info/warn/error keep the browser's level filter useful.
  const tag = `[${namespace}]`;
  switch (level) {
    case 'debug':
      return console.debug(tag, ...args);
    case 'info':
      return console.info(tag, ...args);
    case 'warn':
      return console.warn(tag, ...args);
    case 'error':
      return console.error(tag, ...args);
  }
};

let sink: LogSink = consoleSink;
let filter: RegExp | null = null;

/** Turn a `debug`-style pattern (`peers:*,db`) into a regular expression. */
export function compileLogFilter(pattern: string): RegExp | null {
  const parts = pattern
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*'));
  return parts.length ? new RegExp(`^(?:${parts.join('|')})$`) : null;
}

/** Enable debug/info output for namespaces matching `pattern` (empty turns it off). */
export function setLogFilter(pattern: string): void {
  filter = compileLogFilter(pattern);
}

/** Replace the sink (tests); returns a function that restores the previous one. */
export function setLogSink(next: LogSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

function enabled(level: LogLevel, namespace: string): boolean {
  if (level === 'warn' || level === 'error') return true;
  return filter !== null && filter.test(namespace);
}

/** Create a namespaced logger. */
export function log(namespace: string): Logger {
  const emit = (level: LogLevel, args: unknown[]) => {
    if (enabled(level, namespace)) sink(level, namespace, args);
  };
  return {
    namespace,
    debug: (...args) => emit('debug', args),
    info: (...args) => emit('info', args),
    warn: (...args) => emit('warn', args),
    error: (...args) => emit('error', args),
    extend: (sub) => log(`${namespace}:${sub}`),
  };
}

/** Read the initial filter from `?debug=` so a bug report can say "add ?debug=*". */
function initFromLocation(): void {
  const search = typeof location === 'undefined' ? '' : location.search;
  const pattern = new URLSearchParams(search).get('debug');
  if (pattern) setLogFilter(pattern);
  if (typeof window !== 'undefined') {
    (window as Window & { plumeDebug?: (pattern: string) => void }).plumeDebug = setLogFilter;
  }
}
initFromLocation();
