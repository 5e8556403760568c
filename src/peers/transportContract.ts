/**
 * The Transport contract suite: the checks every adapter must pass
 * (transportChecks.ts). The memory adapter runs them under Vitest
 * (memory/memoryTransport.test.ts), the PeerJS adapter in Chromium over the
 * local signaling worker (tests/e2e/transportContract.spec.ts).
 * No test framework is imported here: `runTransportChecks` runs the checks
 * anywhere (a browser page too) and returns results, `runTransportTests`
 * registers them with the describe/it pair you pass in.
 */
import { transportChecks, type TransportFixture } from './transportChecks';

export { transportChecks, type TransportCheck, type TransportFixture } from './transportChecks';

/** Options for the suite. */
export interface ContractOptions {
  /** Upper bound for any single wait. A real server needs ≥ its EXPIRE delay (5 s) plus margin. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** Result of one check run outside a test framework. */
export interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
}

/** Run every check with a fresh fixture each; never throws. For browser pages. */
export async function runTransportChecks(
  setup: () => Promise<TransportFixture>,
  { timeoutMs = DEFAULT_TIMEOUT_MS }: ContractOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of transportChecks) {
    let fx: TransportFixture | null = null;
    try {
      fx = await setup();
      await c.run(fx, timeoutMs);
      results.push({ name: c.name, ok: true });
    } catch (err) {
      results.push({
        name: c.name,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      });
    } finally {
      await fx?.teardown();
    }
  }
  return results;
}

/** The bits of a test framework the suite needs (Vitest, Jest, Mocha, node:test all fit). */
export interface TestApi {
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => Promise<void>, timeoutMs?: number) => void;
}

/** Register every check as a test, each with a fresh fixture. */
export function runTransportTests(
  name: string,
  setup: () => Promise<TransportFixture>,
  { describe, it }: TestApi,
  { timeoutMs = DEFAULT_TIMEOUT_MS }: ContractOptions = {},
): void {
  describe(`Transport contract: ${name}`, () => {
    for (const c of transportChecks) {
      it(
        c.name,
        async () => {
          const fx = await setup();
          try {
            await c.run(fx, timeoutMs);
          } finally {
            await fx.teardown();
          }
        },
        timeoutMs * 4,
      );
    }
  });
}
