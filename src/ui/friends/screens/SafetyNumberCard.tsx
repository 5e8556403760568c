/**
 * The safety number: 60 digits in 12 groups, the same digits as a QR code,
 * and "Scan their code to verify". Deriving the number takes ~0.1 s of hashing,
 * so the card shows that it is working.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatSafetyNumber, safetyQrPayload } from '../../../lib/safetyNumber';
import { VerifiedBadge } from '../../components/Badges';
import { ScanIcon } from '../../components/FeatureIcons';
import { Qr } from '../../components/Qr';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import type { FriendView } from '../models/friends';
import { safetyNumberOf } from '../models/safety';
import { hrefFor } from '../../shell/models/router';

type Digits =
  { state: 'busy' } | { state: 'ready'; digits: string } | { state: 'failed'; error: unknown };

export function SafetyNumberCard({ person }: { person: FriendView }) {
  const [number, setNumber] = useState<Digits>({ state: 'busy' });

  useEffect(() => {
    let live = true;
    setNumber({ state: 'busy' });
    safetyNumberOf(person.id).then(
      (digits) => live && setNumber({ state: 'ready', digits }),
      (error: unknown) => live && setNumber({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [person.id]);

  return (
    <section class="card" aria-labelledby="safety-title" data-testid="safety-card">
      <h2 class="card__title" id="safety-title">
        {t('safety.title')}
      </h2>
      {person.verified ? (
        <p class="safety__status">
          <VerifiedBadge /> {t('safety.verified', { name: person.title })}
        </p>
      ) : (
        <p class="facts__hint">{t('safety.explain', { name: person.title })}</p>
      )}
      {number.state === 'busy' && (
        <p class="safety__busy" role="status" aria-busy="true" data-testid="safety-busy">
          <span class="spinner" aria-hidden="true" />
          {t('safety.computing')}
        </p>
      )}
      {number.state === 'failed' && (
        <p class="field__problem" role="alert">
          {t('safety.failed', { reason: errorText(number.error) })}
        </p>
      )}
      {number.state === 'ready' && (
        <div class="safety">
          <p class="safety__digits" data-testid="safety-number" data-digits={number.digits}>
            {/* A <p> may not carry aria-label; screen readers read this text instead of the groups. */}
            <span class="visually-hidden">
              {t('safety.digitsLabel', { digits: formatSafetyNumber(number.digits) })}
            </span>
            {formatSafetyNumber(number.digits)
              .split(' ')
              .map((group, i) => (
                <span key={i} class="safety__group" aria-hidden="true">
                  {group}
                </span>
              ))}
          </p>
          <div class="safety__qr">
            <Qr
              text={safetyQrPayload(number.digits)}
              label={t('safety.qrLabel')}
              testId="safety-qr"
            />
          </div>
        </div>
      )}
      <a
        class="button button--secondary button--block"
        href={hrefFor({ name: 'verify', id: person.id })}
        data-testid="verify-scan"
      >
        <ScanIcon width="20" height="20" />
        {t('safety.scanToVerify')}
      </a>
    </section>
  );
}
