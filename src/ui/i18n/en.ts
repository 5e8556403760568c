/**
 * English UI strings: the reference dictionary. Every other language is typed
 * as `Record<MessageKey, string>`, so a missing or extra key fails the build.
 * `{name}` placeholders are filled by `t(key, { name })`.
 */
export const en = {
  'app.name': 'Plume',
  'app.skipToContent': 'Skip to content',
  'app.loading': 'Opening Plume…',
  'app.bootFailed': 'Plume could not open its storage on this device.',
  'app.retry': 'Try again',

  'nav.label': 'Main',
  'nav.chats': 'Chats',
  'nav.friends': 'Friends',
  'nav.me': 'Me',

  'status.label': 'Connection',
  'status.connecting': 'Connecting…',
  'status.online': 'Online',
  'status.offline': 'Offline',
  'status.error': 'Not connected',

  'onboarding.title': 'Welcome to Plume',
  'onboarding.lead':
    'A private messenger that lives in your browser. Messages go straight from your device to your friends’ devices.',
  'onboarding.pointNoAccount': 'No account, phone number or password.',
  'onboarding.pointKey':
    'Plume creates a key on this device. It is who you are in Plume, and it stays on this device.',
  'onboarding.pointFriends': 'You add friends by scanning each other’s code.',
  'onboarding.nameLabel': 'Your name',
  'onboarding.nameHint': 'Only friends you add will see it. Up to {max} characters.',
  'onboarding.submit': 'Get started',
  'onboarding.submitting': 'Creating your key…',
  'onboarding.errorEmpty': 'Enter a name to continue.',
  'onboarding.errorTooLong': 'Use {max} characters or fewer (this one has {count}).',
  'onboarding.errorFailed': 'Plume could not create your key. {reason}',

  'chats.title': 'Chats',
  'chats.emptyTitle': 'No chats yet',
  'chats.emptyBody':
    'Add a friend by scanning their code, and your conversations will appear here.',

  'friends.title': 'Friends',
  'friends.emptyTitle': 'No friends yet',
  'friends.emptyBody':
    'Friends are people whose code you have scanned, or who scanned yours. They will be listed here.',

  'me.title': 'Me',
  'me.profile': 'Profile',
  'me.displayName': 'Display name',
  'me.peerId': 'PeerId',
  'me.peerIdHint': 'Your address in Plume, derived from your key. Friends reach you by it.',
  'me.copyPeerId': 'Copy PeerId',
  'me.copy': 'Copy',
  'me.copied': 'PeerId copied.',
  'me.copyFailed': 'Could not copy. Select the PeerId and copy it by hand.',
  'me.connection': 'Connection',
  'me.connectionConnecting': 'Connecting to the signaling server…',
  'me.connectionOnline': 'Connected. Friends who are online can reach you.',
  'me.connectionOffline':
    'Not connected. Plume keeps trying and reconnects when the network is back.',
  'me.connectionError': 'Plume is not connected and will not retry on its own.',
  'me.retry': 'Try again',
  'me.takeOver': 'Use Plume in this tab',
  'me.takeOverHint': 'Only one tab or device can be connected with this identity at a time.',

  'settings.title': 'Settings',
  'settings.language': 'Language',
  'settings.languageSystem': 'System ({language})',
  'settings.theme': 'Theme',
  'settings.themeSystem': 'System',
  'settings.themeLight': 'Light',
  'settings.themeDark': 'Dark',
  'settings.saveFailed': 'Could not save the setting. {reason}',

  'language.en': 'English',
  'language.zh': '简体中文',

  'signaling.idTaken': 'Plume is open with this identity in another tab or on another device.',
  'signaling.rejected': 'The signaling server refused the connection.',
  'signaling.unreachable': 'The signaling server cannot be reached.',
  'signaling.unsupported': 'This browser does not support peer-to-peer connections (WebRTC).',
  'signaling.token': 'Plume could not sign in to the signaling server with your key.',

  'identity.unsupported':
    'This browser cannot create the keys Plume needs. Update it, or use a current Chrome, Edge, Firefox or Safari.',
  'identity.invalidName': 'That name cannot be used. Try a different one.',
  'identity.missing': 'There is no identity on this device yet. Reload to set one up.',

  'storage.quota': 'This device is out of storage space. Free some space, then try again.',
  'storage.aborted': 'Saving was interrupted. Try again.',
  'storage.unavailable':
    'This browser does not allow storage here (private mode?). Open Plume in a normal window.',
  'storage.blocked': 'An older version of Plume is open in another tab. Close it, then reload.',
  'storage.versionConflict': 'A newer version of Plume is open in another tab. Reload this tab.',
  'storage.closed': 'Storage was closed. Reload this tab.',
  'storage.failed': 'Storage failed. Reload this tab and try again.',

  'toast.region': 'Notifications',
  'toast.dismiss': 'Dismiss',

  'update.available': 'Update available',
  'update.body': 'A new version of Plume is ready.',
  'update.reload': 'Reload',
  'update.later': 'Later',

  'error.generic': 'Something went wrong. Try again.',
  'error.title': 'Something went wrong',
  'error.body':
    'Plume hit an unexpected error. Your key and messages are safe on this device. Reload to continue.',
  'error.reload': 'Reload',
  'error.details': 'Technical details',
} as const;

/** Every UI string key. */
export type MessageKey = keyof typeof en;
/** A complete dictionary for one language. */
export type Dictionary = Record<MessageKey, string>;
