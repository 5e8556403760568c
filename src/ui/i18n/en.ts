/**
 * English UI strings: the reference dictionary. Every other language is typed
 * as `Record<MessageKey, string>`, so a missing or extra key fails the build.
 * `{name}` placeholders are filled by `t(key, { name })`.
 * Files, calls, wake and groups keep their strings in parts, and so do the friends,
 * chat and Me screens: a part loads with its screens or on the first use of one
 * of its keys (see index.ts), so the first visit does not carry it.
 */
import type { enCalls } from '../calls/i18n/en.calls';
import type { enFiles } from '../files/i18n/en.files';
import type { enGroups } from '../groups/i18n/en.groups';
import type { enWake } from '../wake/i18n/en.wake';
import type { enFriends } from '../friends/i18n/en.friends';
import type { enChat } from '../chat/i18n/en.chat';
import type { enMe } from '../me/i18n/en.me';
import type { enMoments } from '../moments/i18n/en.moments';

export const en = {
  'app.name': 'Plume',
  'app.skipToContent': 'Skip to content',
  'app.loading': 'Opening Plume…',
  'app.bootFailed': 'Plume could not open its storage on this device.',
  'app.retry': 'Try again',
  'app.screenFailed': 'This part of Plume could not be loaded. Check the connection, then reload.',

  'nav.label': 'Main',
  'nav.chats': 'Chats',
  'nav.friends': 'Friends',
  'nav.me': 'Me',
  'nav.moments': 'Moments',
  'nav.back': 'Back',
  'nav.attention': '({count} need your attention)',

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
  'onboarding.invited':
    'Someone invited you to Plume. Choose your name first; then you can add them.',

  'chats.title': 'Chats',
  'chats.emptyTitle': 'No chats yet',
  'chats.emptyBody':
    'Add a friend by scanning their code, and your conversations will appear here.',

  'presence.online': 'Online',
  'presence.lastSeen': 'Last seen {time}',
  'presence.never': 'Not seen online yet',

  'badge.verified': 'Verified',
  'badge.notice': 'Security alert',

  'notice.title': 'Security alert about {name}',
  'notice.titleKeyChanged': 'The key of {name} changed',
  'notice.keyChanged':
    'Someone tried to connect as {name} with a different key from the one you saved when you added them. Plume refused the connection and keeps refusing it. Either someone is pretending to be {name}, or {name} reinstalled Plume and now has a new identity.',
  'notice.keyChangedWhatToDo':
    'Ask {name} in person or another way you trust. If they really have a new identity, delete this friend and add them again by scanning their new code. Plume never accepts a new key on its own.',
  'notice.keyHash':
    'A connection claiming to be {name} presented a key that does not belong to their address. It was refused.',
  'notice.fingerprint':
    'A connection claiming to be {name} did not match the secure channel it arrived on, which can mean someone in the middle. It was refused.',
  'notice.signature':
    'A connection claiming to be {name} failed the signature check. It was refused.',
  'notice.replay':
    'A connection to {name} repeated an earlier handshake, as a replay attack would. It was refused.',
  'notice.timeout':
    'A connection to {name} did not finish its security check in time. It was closed.',
  'notice.other': 'A connection to {name} failed its security check ({reason}). It was refused.',
  'notice.when': 'When: {time}',
  'notice.dismiss': 'I have read this',
  'session.closedNotMember':
    'The connection to {name} closed: you are not friends and no longer share a group.',

  'qr.loading': 'Drawing the code…',
  'qr.failed': 'Could not draw the code.',

  'restore.title': 'Restore from a backup',
  'restore.question': 'Used Plume before? Bring your identity and friends back.',
  'restore.explain': 'Choose the .plume file you saved and enter its passphrase.',
  'restore.file': 'Backup file',
  'restore.submit': 'Restore',
  'restore.working': 'Decrypting…',
  'restore.back': 'Back',
  'restore.noFile': 'Choose the backup file first.',
  'restore.noPassphrase': 'Enter the passphrase of this backup.',
  'restore.wrongPassphrase':
    'The passphrase is wrong. Nothing was changed. Check it and try again.',
  'restore.corrupt': 'This backup file is damaged. Nothing was changed. Try another copy.',
  'restore.unsupportedVersion':
    'This backup was made by a newer version of Plume. Update Plume, then try again.',
  'restore.notABackup': 'This is not a Plume backup file. Nothing was changed.',
  'restore.notEmpty': 'This device already has a Plume identity, so nothing was changed.',
  'restore.storage': 'Could not save the restored identity on this device. Nothing was changed.',
  'restore.failed': 'Could not restore. {reason}',

  'dialog.cancel': 'Cancel',

  'notify.settingFailed': 'Could not save the setting. {reason}',

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

  'nav.unread': '({count} unread)',
  'chats.selectTitle': 'Select a chat',
  'chats.selectBody': 'Choose a chat on the left to read and write in it.',
  'chats.goToFriends': 'Go to Friends',
  'chats.newGroup': 'New group',
  'chats.list': 'Conversations',
  'chats.search': 'Search messages',
  'chats.searching': 'Searching…',
  'chats.searchResults': '{count, plural, one {# message found} other {# messages found}}',
  'chats.searchNone': 'No messages match “{query}”.',
  'chats.searchFailed': 'Search failed. {reason}',
  'chats.searchHit': 'In the chat with {name}, {time}',
  'chats.youPrefix': 'You: {text}',
  'chats.recalled': 'A message was recalled',
  'chats.noMessages': 'No messages yet',
  'chats.groupUnnamed': 'Group chat',
  'chats.unread': '{count} unread',
  'chats.pinned': 'Pinned',
  'chats.muted': 'Muted',
  'chats.online': 'Online',
  'chats.options': 'Options for the chat with {name}',
  'chats.pin': 'Pin to top',
  'chats.unpin': 'Unpin',
  'chats.mute': 'Mute notifications',
  'chats.unmute': 'Unmute',
  'chats.actionFailed': 'Could not change the chat. {reason}',
  'notify.title': 'Notifications',
  'notify.prompt': 'Get notified when a message arrives while Plume is in the background?',
  'notify.allow': 'Turn on',
  'notify.dismiss': 'Not now',

  'preview.photo': '📷 Photo',
  'preview.video': '🎬 Video',
  'preview.audio': '🎵 {name}',
  'preview.voice': '🎤 Voice message',
  'preview.file': '📎 {name}',
  'preview.callAudio': '📞 Voice call',
  'preview.callVideo': '📹 Video call',
  'preview.callMissed': '📞 Missed call',
  'preview.callDeclined': '📞 Declined call',
} as const;

/** The keys built into the main dictionaries. */
export type CoreKey = keyof typeof en;
/** Keys of the lazily loaded parts, by part. */
export interface PartKeys {
  files: keyof typeof enFiles;
  calls: keyof typeof enCalls;
  wake: keyof typeof enWake;
  friends: keyof typeof enFriends;
  chat: keyof typeof enChat;
  me: keyof typeof enMe;
  groups: keyof typeof enGroups;
  moments: keyof typeof enMoments;
}
export type PartName = keyof PartKeys;
/** Every UI string key. */
export type MessageKey = CoreKey | PartKeys[PartName];
/** A complete core dictionary for one language (parts are checked on their own). */
export type Dictionary = Record<CoreKey, string>;
