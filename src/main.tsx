/** Entry point: styles, the root error boundary, the app, then boot (IndexedDB, signaling, SW). */
import { render } from 'preact';
import { App } from './ui/shell/App';
import { ErrorBoundary } from './ui/components/ErrorBoundary';
import { boot } from './ui/shell/models/boot';
import './ui/shell/styles/index.css';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');

render(
  <ErrorBoundary>
    <App />
  </ErrorBoundary>,
  root,
);
boot();
