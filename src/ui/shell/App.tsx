/**
 * The root: splash while IndexedDB answers, onboarding without an identity,
 * the shell otherwise. Toasts and the update prompt sit above every state;
 * the call screen above the shell while a call is under way.
 */
import { useEffect } from 'preact/hooks';
import { lazy } from '../components/Lazy';
import { Shell } from './screens/Shell';
import { Toasts } from '../components/Toasts';
import { UpdatePrompt } from './screens/UpdatePrompt';
import { dictionaryReady } from '../i18n';
import { callShown } from '../calls/models/callState';
import { totalUnread } from '../chat/models/chats';
import { identityState } from '../me/models/identity';
import { watchIncoming } from './models/notifyPrompt';
import { settingsLoaded } from './models/settings';
import { Onboarding } from './screens/Onboarding';
import { Splash } from './screens/Splash';

// The call screen is its own chunk, loaded when the first call rings or starts.
const CallScreen = lazy(() => import('../calls/screens/CallScreen').then((m) => m.CallScreen));

function Body() {
  // Settings are read alongside the identity so the first real frame has the right language.
  // …and the dictionary of that language (Chinese is a lazy chunk).
  if (identityState.value === 'loading' || !settingsLoaded.value || !dictionaryReady.value) {
    return <Splash />;
  }
  if (identityState.value === 'none') return <Onboarding />;
  return <Shell />;
}

export function App() {
  // The first message that arrives is a sensible moment to offer notifications.
  useEffect(() => watchIncoming(() => totalUnread.value), []);
  return (
    <>
      <Body />
      {callShown.value && identityState.value === 'ready' && <CallScreen />}
      <div class="overlays">
        <UpdatePrompt />
        <Toasts />
      </div>
    </>
  );
}
