/**
 * A QR code as a crisp SVG image. The `qrcode` library is imported on first
 * use, so it is a separate chunk that only screens with a code load. The
 * quiet zone (4 modules, as the QR spec asks) is part of the white image, so
 * it is there in dark mode too.
 */
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import { t } from '../i18n';
import './qr.css';

const logger = log('ui:qr');

/** Modules of white around the code: the QR spec's quiet zone. */
export const QR_QUIET_ZONE = 4;

interface QrProps {
  text: string;
  /** What the code is, for screen readers (the image's alt text). */
  label: string;
  testId: string;
}

/** SVG markup of `text` as a QR code (error correction M, quiet zone included). */
export async function qrSvg(text: string): Promise<string> {
  const { toString } = await import('qrcode');
  return toString(text, {
    type: 'svg',
    margin: QR_QUIET_ZONE,
    errorCorrectionLevel: 'M',
    color: { dark: '#000000', light: '#ffffff' },
  });
}

export function Qr({ text, label, testId }: QrProps) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setSrc(null);
    setFailed(false);
    qrSvg(text).then(
      (svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      },
      (err: unknown) => {
        logger.error('could not draw the QR code', describeError(err));
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [text]);

  if (failed) {
    return (
      <div class="qr qr--failed" role="alert" data-testid={testId}>
        {t('qr.failed')}
      </div>
    );
  }
  if (!src) {
    return (
      <div
        class="qr qr--loading"
        aria-busy="true"
        aria-label={t('qr.loading')}
        data-testid={testId}
      />
    );
  }
  return <img class="qr" src={src} alt={label} data-testid={testId} data-ready="true" />;
}
