/**
 * The one root error boundary: a render error anywhere shows a clear sentence
 * and a reload button instead of a blank page.
 */
import { Component, type ComponentChildren } from 'preact';
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import { t } from '../i18n';

const logger = log('ui:error');

interface State {
  error: unknown;
}

export class ErrorBoundary extends Component<{ children: ComponentChildren }, State> {
  override state: State = { error: null };

  static override getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown): void {
    logger.error('render failed', describeError(error));
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <main class="fatal" role="alert">
        <h1 class="fatal__title">{t('error.title')}</h1>
        <p>{t('error.body')}</p>
        <button type="button" class="button button--primary" onClick={() => location.reload()}>
          {t('error.reload')}
        </button>
        <details class="fatal__details">
          <summary>{t('error.details')}</summary>
          <pre>{describeError(this.state.error)}</pre>
        </details>
      </main>
    );
  }
}
