/**
 * English strings of wake and installing. They load with wake/i18n/wake.ts on the first use of
 * a `wake.` key (not part of the first visit); the service worker reads the `wake.notify…` ones
 * directly. zh.wake.ts has exactly these keys.
 */
export const enWake = {
  'wake.offerTitle': 'Let friends wake Plume when it is closed?',
  'wake.offerText':
    'When a friend has a message or a call for you while Plume is closed, your phone shows “{name} wants to reach you”. Only that: no message, no name ever passes through the server.',
  'wake.offerTextGeneric':
    'When a friend has a message or a call for you while Plume is closed, your phone shows who wants to reach you. Only that: no message, no name ever passes through the server.',
  'wake.turnOn': 'Turn on',
  'wake.notNow': 'Not now',
  'wake.title': 'Reach me when Plume is closed',
  'wake.setting': 'Let friends wake Plume',
  'wake.settingHint':
    'Friends with something for you can make your device show who wants to reach you. The server never sees what they send.',
  'wake.statusOn': 'On: friends can wake Plume.',
  'wake.statusOff': 'Off: friends reach you only while Plume is open.',
  'wake.statusWorking': 'Turning on…',
  'wake.statusDenied':
    'Notifications are blocked for Plume. Allow them in the browser’s site settings, then try again.',
  'wake.statusUnsupported': 'This browser cannot be woken by friends.',
  'wake.statusNotInstalledIos':
    'On iPhone and iPad, add Plume to the Home Screen first: iOS wakes only installed apps.',
  'wake.statusNotOffered': 'This server does not offer waking.',
  'wake.statusFailed': 'Could not turn it on. Check the connection and try again.',
  'wake.turnedOn': 'Friends can now wake Plume when it is closed.',
  'wake.turnedOff': 'Friends can no longer wake Plume.',
  'wake.installed': 'Installed: Plume runs as an app.',
  'wake.notInstalled': 'Not installed: Plume runs in a browser tab.',
  'wake.install': 'Install Plume',
  'wake.installTitle': 'Install Plume',
  'wake.installText':
    'Install Plume to open it like any app and to be reachable when it is closed.',
  'wake.iosTitle': 'Add Plume to the Home Screen',
  'wake.iosStep1': 'Tap the Share button in Safari’s toolbar.',
  'wake.iosStep2': 'Choose “Add to Home Screen”, then “Add”.',
  'wake.iosStep3': 'Open Plume from the Home Screen and turn waking on.',
  'wake.dismiss': 'Close',
  'wake.calling': '{name} is offline. Plume is waking their device and rings when they open Plume.',
  'wake.notifyReach': '{name} wants to reach you',
  'wake.notifyCall': '{name} is calling',
  'wake.notifyReachSomeone': 'Someone wants to reach you',
  'wake.notifyCallSomeone': 'Someone is calling you',
  'wake.notifyBody': 'Open Plume to receive it.',
  'wake.notifyCallBody': 'Open Plume to answer.',
} as const;
