// Types for the test side of the pool: `env` and `exports` from 'cloudflare:workers'.
import type { Env as WorkerEnv } from '../env';
import type * as SignalingModule from '../signaling';

declare global {
  namespace Cloudflare {
    // Merging into the runtime's empty Env is the documented way to type bindings.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof SignalingModule;
      durableNamespaces: 'PeerObject';
    }
  }
}
