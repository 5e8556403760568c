import { spawn, type ChildProcess } from 'node:child_process';
export { freePort } from '../../scripts/freePort.mjs';

/** A private `npm start` (dist/ already built) that a test may stop and start again. */
export class LocalServer {
  #child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    readonly persistDir: string,
    /** Serve this build instead of dist/ (a "deploy" is a restart with another one). */
    readonly assetsDir?: string,
    /** More environment for `npm start` (the VAPID keys of the wake test). */
    readonly env: Readonly<Record<string, string>> = {},
  ) {}

  get origin(): string {
    return `http://localhost:${this.port}`;
  }

  /** Start and wait until the worker answers. */
  async start(): Promise<void> {
    this.#child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        ...process.env,
        PORT: String(this.port),
        SKIP_BUILD: '1',
        WRANGLER_LOG: 'warn',
        PERSIST_DIR: this.persistDir,
        ...(this.assetsDir ? { ASSETS_DIR: this.assetsDir } : {}),
        ...this.env,
      },
      stdio: 'ignore',
      detached: true,
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.origin}/peerjs/id`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`server on ${this.port} did not start`);
  }

  /** Kill the whole process group (node → wrangler → workerd) and wait for the port to close. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child?.pid) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    await exited;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      try {
        await fetch(`${this.origin}/peerjs/id`);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
