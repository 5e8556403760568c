/**
 * Whether Plume runs as an installed app: standalone display (iOS says so in
 * `navigator.standalone`), or installed while this page was open.
 */
import { signal } from '@preact/signals';
import { installPrompt } from '../../shell/models/pwa';

function standalone(): boolean {
  return (
    typeof matchMedia !== 'undefined' &&
    (matchMedia('(display-mode: standalone)').matches ||
      (navigator as { standalone?: boolean }).standalone === true)
  );
}

/** True when Plume runs installed. */
export const installed = signal(standalone());

if (typeof addEventListener !== 'undefined') {
  addEventListener('appinstalled', () => {
    installed.value = true;
    installPrompt.value = null;
  });
}
