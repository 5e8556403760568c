/**
 * English UI strings: the reference dictionary. Every other language is typed
 * as `Record<MessageKey, string>`, so a missing or extra key fails the build.
 * `{name}` placeholders are filled by `t(key, { name })`.
 * Files, calls, wake and groups keep their strings in parts/: they
 * load with the first use of one of their keys (see index.ts), so the first
 * visit does not carry them.
 */
import type { enCalls } from '../calls/i18n/en.calls';
import type { enFiles } from '../files/i18n/en.files';
import type { enGroups } from '../groups/i18n/en.groups';
import type { enWake } from '../wake/i18n/en.wake';

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

  'friends.title': 'Friends',
  'friends.emptyTitle': 'No friends yet',
  'friends.emptyBody':
    'Friends are people whose code you have scanned, or who scanned yours. Meet up and scan each other’s code, or send your link.',
  'friends.showMyCode': 'Show my code',
  'friends.noticeAlert': 'Security alert about {name}. Open to see what happened.',
  'friends.scanCode': 'Scan a code',
  'friends.search': 'Search friends',
  'friends.matches': '{count} found',
  'friends.noMatch': 'No one matches “{query}”.',
  'friends.incoming': 'Asking to be your friend ({count})',
  'friends.outgoing': 'Requests you sent',
  'friends.all': 'All friends',
  'friends.unlabelled': 'No label',
  'friends.blocked': 'Blocked',
  'friends.blockedHint': 'Blocked: no connection in either direction',

  'presence.online': 'Online',
  'presence.lastSeen': 'Last seen {time}',
  'presence.never': 'Not seen online yet',

  'badge.verified': 'Verified',
  'badge.notice': 'Security alert',

  'request.accept': 'Accept',
  'request.decline': 'Decline',
  'request.incomingHint': 'Wants to be your friend',
  'request.incomingExplain':
    '{name} wants to be your friend. Their invite had expired or was already used, so Plume asks you. Accept only if you know who this is.',
  'request.accepted': 'You and {name} are now friends.',
  'request.declined': 'You declined {name}’s request.',
  'request.failed': 'Could not answer the request. {reason}',
  'request.stateQueued': 'Waiting: the request goes out when you are both online',
  'request.stateWaitingAnswer': 'Request sent, waiting for an answer',
  'request.stateDeclined': 'Declined',

  'friend.profile': 'Profile',
  'friend.theirName': 'Their name: {name}',
  'friend.notFoundTitle': 'Not in your list',
  'friend.notFound': 'This person is not in your friends list (any more).',
  'friend.organise': 'Remark and labels',
  'friend.remark': 'Remark',
  'friend.remarkHint':
    'Only you see it. It is shown instead of “{name}” everywhere. Leave it empty to show their own name.',
  'friend.remarkSaved': 'Remark saved.',
  'friend.remarkCleared': 'Remark removed.',
  'friend.save': 'Save',
  'friend.saveFailed': 'Could not save. {reason}',
  'friend.labels': 'Labels',
  'friend.noLabels': 'No labels yet. Labels group your friends list, like “Family” or “Work”.',
  'friend.labelPlaceholder': 'e.g. Family, Work',
  'friend.addLabel': 'Add',
  'friend.removeLabel': 'Remove label {label}',
  'friend.labelsSaved': 'Labels saved.',
  'friend.actions': 'Block and delete',
  'friend.block': 'Block',
  'friend.unblock': 'Unblock',
  'friend.blockExplain':
    'A blocked person cannot connect to you, and Plume does not connect to them. They are not told.',
  'friend.blockedExplain': 'Blocked. Unblock to connect again.',
  'friend.blockedDone': '{name} is blocked.',
  'friend.unblocked': '{name} is unblocked.',
  'friend.delete': 'Delete friend',
  'friend.deleteRequest': 'Remove',
  'friend.deleteExplain':
    'Deleting removes them from your list. They are told the next time you are both online.',
  'friend.deleteRequestExplain': 'Remove this request from your list.',
  'friend.deleteTitle': 'Delete {name}?',
  'friend.deleteConfirm':
    '{name} will be removed from your friends and told so the next time you are both online. This cannot be undone: to be friends again, you will have to scan each other’s code again.',
  'friend.deleted': '{name} was deleted.',
  'friend.deleteFailed': 'Could not delete. {reason}',

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

  'safety.title': 'Safety number',
  'safety.explain':
    'Compare this number with the one on {name}’s phone, or scan their safety code. If they match, nobody is between you.',
  'safety.verified': 'You verified {name} in person.',
  'safety.computing': 'Computing the safety number…',
  'safety.failed': 'Could not compute the safety number. {reason}',
  'safety.digitsLabel': 'Safety number: {digits}',
  'safety.qrLabel': 'Safety number as a QR code',
  'safety.scanToVerify': 'Scan their code to verify',

  'verify.title': 'Verify {name}',
  'verify.hint':
    'Point the camera at the safety code on {name}’s phone (Friends › you › Safety number).',
  'verify.checking': 'Checking…',
  'verify.done': '{name} is verified.',
  'verify.notSafetyCode':
    'This is not a safety code. Ask {name} to open your entry in their friends list and show the safety number’s code.',
  'verify.unsupportedVersion':
    'This safety code comes from a newer version of Plume. Update Plume, then try again.',
  'verify.mismatch':
    'The safety numbers differ: one of you does not have the other’s real key. Do not trust this connection; check with {name} in person.',
  'verify.failed': 'Could not verify. {reason}',

  'code.title': 'My code',
  'code.lead': 'Let a friend scan this with Plume to add each other.',
  'code.qrLabel': 'QR code to add {name} in Plume',
  'code.expires': 'One use, expires {time}',
  'code.failed': 'Could not make a code. {reason}',
  'code.showLink': 'Show the link',
  'code.copy': 'Copy link',
  'code.copied': 'Link copied. Send it only to the person you want to add.',
  'code.copyFailed': 'Could not copy. Open “Show the link” and copy it by hand.',
  'code.share': 'Share',
  'code.shareTitle': 'Add {name} in Plume',
  'code.shareText': 'Open this link to add {name} as a friend in Plume:',
  'code.shareFailed': 'Could not share. Copy the link instead.',
  'code.new': 'New code',
  'code.warning':
    'Anyone who gets this code within 24 hours can add you without asking. After that, or once used, they must ask and you decide.',
  'code.earlier': 'Earlier codes',
  'code.statusUsed': 'Used',
  'code.statusExpired': 'Expired',
  'code.statusValid': 'Valid',
  'code.usedBy': 'Used by {name}, {time}',
  'code.someone': 'someone',
  'code.expiredAt': 'Expired {time}',
  'code.validUntil': 'Valid until {time}',
  'code.madeAt': 'Made {time}',

  'qr.loading': 'Drawing the code…',
  'qr.failed': 'Could not draw the code.',

  'scan.title': 'Add a friend',
  'scan.hint': 'Point the camera at your friend’s code (Friends › My code on their phone).',
  'scan.cameraStarting': 'Starting the camera…',
  'scan.cameraSlow':
    'The camera is taking long to start. Keep waiting, or scan a picture of the code or paste the link below.',
  'scan.cameraDenied':
    'Plume may not use the camera. Allow it in the browser’s site settings, or scan a picture of the code or paste the link below.',
  'scan.noCamera': 'No camera found. Scan a picture of the code or paste the link below.',
  'scan.cameraInUse':
    'The camera is in use by another app. Close it and come back, or use a picture or the link below.',
  'scan.cameraUnsupported':
    'This browser cannot use the camera here. Scan a picture of the code or paste the link below.',
  'scan.cameraFailed':
    'The camera did not start. Scan a picture of the code or paste the link below.',
  'scan.readerFailed':
    'The code reader could not be loaded. Check the connection and try again, or paste the link below.',
  'scan.adding': 'Adding…',
  'scan.failed': 'That did not work. {reason}',
  'scan.alternatives': 'Other ways',
  'scan.fromImage': 'Scan a picture of a code',
  'scan.readingImage': 'Reading the picture…',
  'scan.noCodeInImage':
    'No QR code found in this picture. Use a sharp screenshot or photo in which the whole code is visible.',
  'scan.pasteLabel': 'Paste an invite link',
  'scan.pastePlaceholder': 'https://…/#/add/…',
  'scan.pasteSubmit': 'Add',
  'scan.orShowYours': 'Or let them scan yours:',

  'invite.notPlume':
    'This is not a Plume code. Scan the code under Friends › My code on your friend’s phone.',
  'invite.tooLong': 'This code is far too long to be a Plume invite.',
  'invite.malformed': 'This Plume invite is incomplete or damaged. Ask your friend for a new code.',
  'invite.badKeyHash':
    'This invite is forged or damaged: its key does not match its address. Nothing was added.',
  'invite.badName': 'The name in this invite is not allowed. Ask your friend for a new code.',
  'invite.self': 'This is your own code. Scan your friend’s code instead.',
  'invite.alreadyFriend': 'You are already friends.',
  'invite.blocked': 'You blocked this person. Unblock them first.',
  'invite.keyChanged':
    'This invite carries a different key for someone you already know. Nothing was changed; check with them in person.',
  'invite.failed': 'Could not add from this code: {reason}',
  'invite.nowFriends': 'You and {name} are now friends.',
  'invite.theyAsked': '{name} already asked you. Accept their request in your friends list.',
  'invite.requestQueued': 'Added {name}. You become friends as soon as you are both online.',
  'invite.otherServer':
    '{name} uses Plume at {server}. You can only reach each other if you both use the same Plume.',

  'add.title': 'Add a friend',
  'add.reading': 'Reading the invite…',
  'add.explain':
    'Add {name} as a friend? You become friends as soon as you are both online. They will see your name, picture and status line.',
  'add.confirm': 'Add friend',
  'add.open': 'Open {name}',
  'add.scanInstead': 'Scan a code instead',

  'profile.edit': 'Edit profile',
  'profile.noStatus': 'No status line',
  'profile.statusLine': 'Status line',
  'profile.statusPlaceholder': 'What are you up to?',
  'profile.hint': 'Only your friends see your profile. They get changes the next time you connect.',
  'profile.choosePicture': 'Choose picture',
  'profile.pictureWorking': 'Preparing picture…',
  'profile.removePicture': 'Remove picture',
  'profile.pictureFailed': 'Could not use this picture. {reason}',
  'profile.saving': 'Saving…',
  'profile.saved': 'Profile saved. Friends get it the next time you connect.',
  'profile.saveFailed': 'Could not save your profile. {reason}',

  'backup.title': 'Backup & restore',
  'backup.explain':
    'Your key exists only on this device; nobody can recover it for you. Save an encrypted backup of your identity and friends, and keep it with a passphrase you will remember.',
  'backup.passphrase': 'Passphrase',
  'backup.passphraseHint': 'At least {min} characters. A few unrelated words work well.',
  'backup.confirm': 'Passphrase again',
  'backup.strengthWeak': 'Weak: make it longer, for example a few unrelated words.',
  'backup.strengthFair': 'Fair: longer is stronger.',
  'backup.strengthStrong': 'Strong.',
  'backup.errorEmpty': 'Choose a passphrase first.',
  'backup.errorTooShort': 'Use at least {min} characters.',
  'backup.errorMismatch': 'The two passphrases differ.',
  'backup.export': 'Save backup file',
  'backup.exporting': 'Encrypting…',
  'backup.saved': 'Backup saved as {file}. Keep it somewhere safe, away from this device.',
  'backup.failed': 'Could not make the backup. {reason}',
  'backup.restoreHint':
    'To restore, open Plume on the new device and choose “Restore from a backup” before creating a name.',

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

  'nav.unread': '({count} unread)',
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
  'chat.notFoundTitle': 'Chat not found',
  'chat.notFound': 'This chat is not on this device.',
  'chat.typing': 'typing…',
  'chat.searchOpen': 'Search in this chat',
  'chat.searchClose': 'Close search',
  'chat.history': 'Messages with {name}',
  'chat.loadingOlder': 'Loading earlier messages…',
  'chat.beginning': 'This is the beginning of your chat with {name}.',
  'chat.today': 'Today',
  'chat.yesterday': 'Yesterday',
  'chat.you': 'You',
  'chat.edited': 'edited',
  'chat.recalledMine': 'You recalled a message',
  'chat.recalledTheirs': '{name} recalled a message',
  'chat.statusPending': 'Sending',
  'chat.statusSent': 'Sent',
  'chat.statusDelivered': 'Delivered',
  'chat.statusRead': 'Read',
  'chat.quoteRecalled': 'Recalled message',
  'chat.jumpToQuoted': 'Reply to {name}: {text}. Go to the quoted message.',
  'chat.quotedGone': 'The quoted message is no longer here.',
  'chat.reaction': '{emoji} {count}',
  'chat.reactionMine': '{emoji} {count}, yours included. Press to remove yours.',
  'chat.reactionOthers': '{emoji} {count}. Press to add yours.',
  'chat.actions': 'Message actions',
  'chat.reply': 'Reply',
  'chat.edit': 'Edit',
  'chat.recall': 'Recall',
  'chat.deleteForMe': 'Delete for me',
  'chat.copy': 'Copy',
  'chat.react': 'React with {emoji}',
  'chat.reactions': 'Reactions',
  'chat.copied': 'Message copied.',
  'chat.copyFailed': 'Could not copy. Select the text and copy it by hand.',
  'chat.recallTitle': 'Recall this message?',
  'chat.recallConfirm': 'It is removed for {name} too, though they may have read it already.',
  'chat.deleteTitle': 'Delete this message for you?',
  'chat.deleteConfirm': 'It disappears from this device only; {name} still has it.',
  'chat.delete': 'Delete',
  'chat.failedNotMine': 'You can change only your own messages.',
  'chat.failedTooLate': 'A message can be recalled only within 24 hours of sending it.',
  'chat.failedGone': 'This message is no longer here.',
  'chat.failedEmpty': 'A message cannot be empty. To remove it, recall it.',
  'chat.failedNotFriend': 'You can message only your friends.',
  'chat.quota':
    'This device is out of storage space. Your text is kept: free some space, then send again.',
  'chat.storageFailed':
    'The message could not be saved on this device. Your text is kept; try again.',
  'chat.tooLong':
    'This message is too long: {count} characters, and the limit is {max}. Shorten it or split it in two.',
  'chat.counter': '{count} / {max}',
  'chat.peerOffline':
    '{name} is offline. Your messages are kept and delivered when you are both online.',
  'chat.jumpFailed': 'That message is no longer in this chat.',
  'composer.label': 'Message',
  'composer.hint': 'Enter sends; Shift+Enter starts a new line.',
  'composer.send': 'Send',
  'composer.save': 'Save',
  'composer.emoji': 'Emoji',
  'composer.replying': 'Replying to {name}',
  'composer.editing': 'Editing your message',
  'composer.cancel': 'Cancel (Esc)',
  'emoji.picker': 'Choose an emoji',
  'emoji.smileys': 'Smileys',
  'emoji.people': 'People and gestures',
  'emoji.hearts': 'Hearts and symbols',
  'emoji.animals': 'Animals and nature',
  'emoji.food': 'Food and drink',
  'emoji.activities': 'Activities',
  'emoji.travel': 'Travel and places',
  'emoji.objects': 'Objects',
  'settings.readReceipts': 'Read receipts',
  'settings.readReceiptsHint':
    'Friends see when you have read their messages. When off, you do not see theirs either.',
  'settings.notifications': 'Notifications',
  'settings.notificationsHint':
    'New messages while Plume is in the background. Muted chats stay silent.',
  'settings.notificationsBlocked':
    'Notifications are blocked for this site in the browser’s settings.',
  'settings.notificationsUnsupported': 'This browser cannot show notifications.',
  'notify.prompt': 'Get notified when a message arrives while Plume is in the background?',
  'notify.allow': 'Turn on',
  'notify.dismiss': 'Not now',
  'friend.message': 'Message',
  'friend.openChatFailed': 'Could not open the chat. {reason}',

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
  groups: keyof typeof enGroups;
}
export type PartName = keyof PartKeys;
/** Every UI string key. */
export type MessageKey = CoreKey | PartKeys[PartName];
/** A complete core dictionary for one language (parts are checked on their own). */
export type Dictionary = Record<CoreKey, string>;
