/** The live camera picture with the scan box, and what the camera is doing, in words. */
import { useEffect } from 'preact/hooks';
import { t, type MessageKey } from '../../i18n';
import { camera, startCamera, type CameraProblem } from '../models/scanner';

/** The element html5-qrcode renders the camera into; one scanner screen at a time. */
export const VIEWFINDER_ID = 'scanner-view';

const PROBLEM: Readonly<Record<CameraProblem, MessageKey>> = {
  denied: 'scan.cameraDenied',
  'no-camera': 'scan.noCamera',
  'in-use': 'scan.cameraInUse',
  unsupported: 'scan.cameraUnsupported',
  reader: 'scan.readerFailed',
  failed: 'scan.cameraFailed',
};

interface Props {
  onText: (text: string) => void;
  /** What to point the camera at. */
  hint: string;
}

export function Viewfinder({ onText, hint }: Props) {
  // Start on arrival; the cleanup stops the camera when the screen goes away.
  useEffect(() => startCamera(VIEWFINDER_ID, onText), []);
  const state = camera.value;

  return (
    <section class="scanner" aria-labelledby="scanner-status">
      <div
        id={VIEWFINDER_ID}
        class="scanner__view"
        data-testid="scanner-view"
        data-state={state.state}
        hidden={state.state === 'problem'}
      />
      {state.state === 'problem' ? (
        <p
          class="scanner__problem"
          id="scanner-status"
          role="alert"
          data-testid="scanner-problem"
          data-problem={state.problem}
        >
          {t(PROBLEM[state.problem])}
        </p>
      ) : (
        <p class="scanner__status" id="scanner-status" role="status" data-testid="scanner-status">
          {state.state === 'scanning'
            ? hint
            : state.state === 'starting' && state.slow
              ? t('scan.cameraSlow')
              : t('scan.cameraStarting')}
        </p>
      )}
    </section>
  );
}
