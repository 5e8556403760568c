/**
 * Installing Plume ([WAKE-15]): the browser's own prompt, kept at boot (shell/models/pwa.ts) and
 * shown when the user asks; on iOS, where no prompt exists and Web Push reaches installed apps
 * only, a short "Add to Home Screen" guide instead.
 */
import { computed } from '@preact/signals';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { installPrompt } from '../../shell/models/pwa';
import { installed } from './installed';
import { iosInBrowser } from './wake';

const logger = log('ui:install');

/** The browser would install Plume now, on request. */
export const canInstall = computed(() => installPrompt.value !== null && !installed.value);

/** Show the iOS guide instead of an install button. */
export const showIosGuide = computed(() => iosInBrowser.value);

/** Ask the browser to install Plume (from the user's click). Its prompt is used once. */
export async function promptInstall(): Promise<void> {
  const event = installPrompt.peek();
  if (!event) return;
  installPrompt.value = null;
  try {
    await event.prompt();
  } catch (err) {
    logger.warn('the install prompt failed', describeError(err));
  }
}
