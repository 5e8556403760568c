/** Saving a blob to the device's downloads, as the browser does for a link with `download`. */
import { systemClock } from '../../../lib/clock';

/** The object URL is revoked after this long: revoking it at once can cut the download. */
const DOWNLOAD_URL_MS = 60_000;

/** Offer `blob` as a download named `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  systemClock.setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_MS);
}
