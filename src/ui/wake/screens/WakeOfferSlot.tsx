/**
 * Where a chat shows the wake offer: its code (and the wake model) load after the chat renders,
 * as a chunk of their own, and nothing takes the offer's place meanwhile.
 */
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';

const logger = log('ui:wake');

type Offer = FunctionComponent<{ name: string }>;

export function WakeOfferSlot({ name }: { name: string }) {
  const [Offer, setOffer] = useState<Offer | null>(null);
  useEffect(() => {
    let live = true;
    import('./WakeOffer').then(
      (m) => live && setOffer(() => m.WakeOffer),
      (err: unknown) => logger.debug('could not load the wake offer', describeError(err)),
    );
    return () => {
      live = false;
    };
  }, []);
  return Offer ? <Offer name={name} /> : null;
}
