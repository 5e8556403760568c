// What the deployed worker runs for, and what it logs: checked on the config files themselves,
// since neither can be seen from inside the worker tests. Spec: docs/protocol.md [SIG-APP-3],
// [SIG-APP-5], [SIG-LOG-2].
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CACHE_NO_CACHE, SECURITY_HEADERS } from '../worker/headers';

interface WranglerConfig {
  assets: { run_worker_first: unknown };
  observability: { enabled: boolean; logs?: { invocation_logs?: boolean } };
}

function wrangler(): WranglerConfig {
  const text = readFileSync('wrangler.jsonc', 'utf8');
  const parsed = ts.parseConfigFileTextToJson('wrangler.jsonc', text);
  if (parsed.error) throw new Error('wrangler.jsonc does not parse');
  return parsed.config as WranglerConfig;
}

/** `public/_headers` as path → header → value. */
function headerRules(): Map<string, Map<string, string>> {
  const rules = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const line of readFileSync('public/_headers', 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!line.startsWith(' ')) {
      current = new Map();
      rules.set(line.trim(), current);
      continue;
    }
    const colon = line.indexOf(':');
    current!.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return rules;
}

describe('deploy configuration', () => {
  it('[SIG-APP-5][WAKE-1] the worker runs first only for signaling, /turn and /wake', () => {
    expect(wrangler().assets.run_worker_first).toEqual([
      '/peerjs',
      '/peerjs/*',
      '/turn',
      '/turn/*',
      '/wake',
      '/wake/*',
    ]);
  });

  it('[SIG-APP-3] public/_headers gives every static file the worker’s security headers', () => {
    const rules = headerRules();
    expect(Object.fromEntries(rules.get('/*')!)).toEqual(SECURITY_HEADERS);
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      expect(rules.get(path)?.get('Cache-Control'), path).toBe(CACHE_NO_CACHE);
    }
  });

  it('[SIG-LOG-2] invocation logs are off; only what the worker logs (errors) is kept', () => {
    const { observability } = wrangler();
    expect(observability.enabled).toBe(true);
    expect(observability.logs?.invocation_logs).toBe(false);
  });
});
