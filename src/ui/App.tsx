/**
 * The root: splash while IndexedDB answers, onboarding without an identity,
 * the shell otherwise. Toasts and the update prompt sit above every state.
 */
import { Shell } from './components/Shell';
import { Toasts } from './components/Toasts';
import { UpdatePrompt } from './components/UpdatePrompt';
import { identityState } from './models/identity';
import { settingsLoaded } from './models/settings';
import { Onboarding } from './screens/Onboarding';
import { Splash } from './screens/Splash';

function Body() {
  // Settings are read alongside the identity so the first real frame has the right language.
  if (identityState.value === 'loading' || !settingsLoaded.value) return <Splash />;
  if (identityState.value === 'none') return <Onboarding />;
  return <Shell />;
}

export function App() {
  return (
    <>
      <Body />
      <div class="overlays">
        <UpdatePrompt />
        <Toasts />
      </div>
    </>
  );
}
