/**
 * Screens that are not needed on the first visit (My code, the scanner, a
 * friend's details, restoring a backup) load as separate chunks when first
 * opened, which keeps the initial download small.
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { after, systemClock } from '../../lib/clock';
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import { t } from '../i18n';

const logger = log('ui:lazy');

/** Wait this long before showing "Loading…", so a fast load never flashes it. */
const LOADING_DELAY_MS = 300;

/** Move focus to the new heading if the placeholder had it (as the shell does after navigation). */
function refocus(): void {
  const active = document.activeElement;
  if (active && active !== document.body && !active.closest('[data-lazy-placeholder]')) return;
  document.querySelector<HTMLElement>('#main h1')?.focus({ preventScroll: true });
}

/** A component that loads `load()` on first render, with a delayed "Loading…" and a clear failure. */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
): (props: P) => JSX.Element {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;

  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    const [slow, setSlow] = useState(false);

    useEffect(() => {
      if (Component) return;
      let live = true;
      const cancelSlow = after(systemClock, LOADING_DELAY_MS, () => live && setSlow(true));
      pending ??= load().then((component) => (loaded = component));
      pending.then(
        (component) => {
          if (!live) return;
          setComponent(() => component);
          requestAnimationFrame(refocus);
        },
        (err: unknown) => {
          // A failed chunk (offline before it was cached, or a new deploy): allow a retry.
          pending = null;
          logger.error('could not load a screen', describeError(err));
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
        cancelSlow();
      };
    }, []);

    if (Component) return <Component {...props} />;
    if (failed) {
      return (
        <div class="lazy-failed" role="alert">
          <p>{t('app.screenFailed')}</p>
          <button type="button" class="button button--primary" onClick={() => location.reload()}>
            {t('error.reload')}
          </button>
        </div>
      );
    }
    return (
      <div data-lazy-placeholder tabIndex={-1} aria-busy="true">
        {slow && (
          <p class="list-note" role="status">
            {t('app.loading')}
          </p>
        )}
      </div>
    );
  };
}
