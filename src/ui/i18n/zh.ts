/** Simplified Chinese UI strings. Typed so that the keys are exactly those of `en`. */
import type { Dictionary } from './en';

export const zh: Dictionary = {
  'app.name': 'Plume',
  'app.skipToContent': '跳到主要内容',
  'app.loading': '正在打开 Plume…',
  'app.bootFailed': 'Plume 无法打开此设备上的存储。',
  'app.retry': '重试',

  'nav.label': '主导航',
  'nav.chats': '聊天',
  'nav.friends': '好友',
  'nav.me': '我',

  'status.label': '连接',
  'status.connecting': '正在连接…',
  'status.online': '在线',
  'status.offline': '离线',
  'status.error': '未连接',

  'onboarding.title': '欢迎使用 Plume',
  'onboarding.lead': '一款运行在浏览器里的私密通讯工具。消息直接从你的设备发送到好友的设备。',
  'onboarding.pointNoAccount': '无需账号、手机号或密码。',
  'onboarding.pointKey':
    'Plume 会在此设备上生成一把密钥。它代表你在 Plume 中的身份，并且只保存在此设备上。',
  'onboarding.pointFriends': '互相扫描对方的二维码即可添加好友。',
  'onboarding.nameLabel': '你的名字',
  'onboarding.nameHint': '只有你添加的好友能看到。最多 {max} 个字符。',
  'onboarding.submit': '开始使用',
  'onboarding.submitting': '正在生成密钥…',
  'onboarding.errorEmpty': '请输入名字后继续。',
  'onboarding.errorTooLong': '最多 {max} 个字符（当前 {count} 个）。',
  'onboarding.errorFailed': 'Plume 无法生成你的密钥。{reason}',

  'chats.title': '聊天',
  'chats.emptyTitle': '还没有聊天',
  'chats.emptyBody': '扫描好友的二维码添加好友后，你们的对话会显示在这里。',

  'friends.title': '好友',
  'friends.emptyTitle': '还没有好友',
  'friends.emptyBody': '你扫描过其二维码、或扫描过你二维码的人就是你的好友，他们会列在这里。',

  'me.title': '我',
  'me.profile': '个人资料',
  'me.displayName': '显示名称',
  'me.peerId': 'PeerId',
  'me.peerIdHint': '你在 Plume 中的地址，由你的密钥生成。好友通过它找到你。',
  'me.copyPeerId': '复制 PeerId',
  'me.copy': '复制',
  'me.copied': '已复制 PeerId。',
  'me.copyFailed': '无法复制。请选中 PeerId 后手动复制。',
  'me.connection': '连接',
  'me.connectionConnecting': '正在连接信令服务器…',
  'me.connectionOnline': '已连接。在线的好友可以联系到你。',
  'me.connectionOffline': '未连接。Plume 会持续重试，网络恢复后自动重新连接。',
  'me.connectionError': 'Plume 未连接，也不会自动重试。',
  'me.retry': '重试',
  'me.takeOver': '在此标签页中使用 Plume',
  'me.takeOverHint': '同一身份同一时间只能在一个标签页或设备上连接。',

  'settings.title': '设置',
  'settings.language': '语言',
  'settings.languageSystem': '跟随系统（{language}）',
  'settings.theme': '主题',
  'settings.themeSystem': '跟随系统',
  'settings.themeLight': '浅色',
  'settings.themeDark': '深色',
  'settings.saveFailed': '无法保存设置。{reason}',

  'language.en': 'English',
  'language.zh': '简体中文',

  'signaling.idTaken': 'Plume 已在另一个标签页或另一台设备上使用此身份打开。',
  'signaling.rejected': '信令服务器拒绝了连接。',
  'signaling.unreachable': '无法连接到信令服务器。',
  'signaling.unsupported': '此浏览器不支持点对点连接（WebRTC）。',
  'signaling.token': 'Plume 无法用你的密钥登录信令服务器。',

  'identity.unsupported':
    '此浏览器无法生成 Plume 所需的密钥。请更新浏览器，或使用最新版 Chrome、Edge、Firefox 或 Safari。',
  'identity.invalidName': '这个名字无法使用，请换一个。',
  'identity.missing': '此设备上还没有身份。请重新加载以进行设置。',

  'storage.quota': '此设备存储空间已满。请释放一些空间后重试。',
  'storage.aborted': '保存被中断，请重试。',
  'storage.unavailable': '此浏览器在当前模式下不允许存储（无痕模式？）。请在普通窗口中打开 Plume。',
  'storage.blocked': '另一个标签页中打开着旧版本的 Plume。请关闭它，然后重新加载。',
  'storage.versionConflict': '另一个标签页中打开着新版本的 Plume。请重新加载此标签页。',
  'storage.closed': '存储已关闭。请重新加载此标签页。',
  'storage.failed': '存储出错。请重新加载此标签页后重试。',

  'toast.region': '通知',
  'toast.dismiss': '关闭',

  'update.available': '有可用更新',
  'update.body': 'Plume 的新版本已准备就绪。',
  'update.reload': '重新加载',
  'update.later': '稍后',

  'error.generic': '出了点问题，请重试。',
  'error.title': '出错了',
  'error.body': 'Plume 遇到了意外错误。你的密钥和消息仍安全地保存在此设备上。请重新加载以继续。',
  'error.reload': '重新加载',
  'error.details': '技术细节',
};
