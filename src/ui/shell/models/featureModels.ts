/**
 * The models of the file and call engines, a lazy chunk like the engines themselves: loaded
 * once the runtime runs them (see `loadFeatureModels` in featureLoader.ts), it attaches the
 * running runtime's engines to the files model and the call state, and lets go of them when
 * that runtime stops. Progress a file made before its model attached is read back by the model
 * (`refreshProgress`), and a call's state is read from the engine's snapshot, so nothing shown
 * depends on the moment of attaching.
 */
import { effect } from '@preact/signals';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { attachCalls } from '../../calls/models/callsAttach';
import { attachEngine } from '../../files/models/files';
import { runtime } from './runtime';

// The Moments tab's marks follow the moments engine, which the runtime starts with a friend's
// session as it does these engines.
effect(() => {
  const rt = runtime.value;
  if (!rt) return;
  import('../../moments/models/marks')
    .then((m) => m.followMarks(rt))
    .catch((err: unknown) => log('ui:moments').warn('could not load', describeError(err)));
});

effect(() => {
  const rt = runtime.value;
  if (!rt) return;
  let detach: (() => void)[] = [];
  const off = rt.onFeatures((engines) => {
    detach = [attachEngine(engines.files)];
    if (engines.calls) detach.push(attachCalls(engines.calls));
  });
  return () => {
    off();
    for (const undo of detach) undo();
  };
});
