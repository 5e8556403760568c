/** 唤醒与安装的中文字符串；与 en.wake.ts 的键完全相同。 */
import type { enWake } from './en.wake';

export const zhWake: Record<keyof typeof enWake, string> = {
  'wake.offerTitle': '允许好友在 Plume 关闭时唤醒它？',
  'wake.offerText':
    '当 Plume 关闭时，若好友有消息或来电，你的设备会显示“{name} 想联系你”。仅此而已：消息和名字都不会经过服务器。',
  'wake.offerTextGeneric':
    '当 Plume 关闭时，若好友有消息或来电，你的设备会显示是谁想联系你。仅此而已：消息和名字都不会经过服务器。',
  'wake.turnOn': '开启',
  'wake.notNow': '以后再说',
  'wake.title': 'Plume 关闭时也能联系到我',
  'wake.setting': '允许好友唤醒 Plume',
  'wake.settingHint':
    '有消息或来电的好友可以让你的设备显示是谁想联系你。服务器看不到他们发送的内容。',
  'wake.statusOn': '已开启：好友可以唤醒 Plume。',
  'wake.statusOff': '已关闭：只有 Plume 打开时好友才能联系到你。',
  'wake.statusWorking': '正在开启…',
  'wake.statusDenied': 'Plume 的通知已被屏蔽。请在浏览器的网站设置中允许通知，然后重试。',
  'wake.statusUnsupported': '此浏览器无法被好友唤醒。',
  'wake.statusNotInstalledIos':
    '在 iPhone 和 iPad 上，请先把 Plume 添加到主屏幕：iOS 只唤醒已安装的应用。',
  'wake.statusNotOffered': '此服务器不提供唤醒功能。',
  'wake.statusFailed': '无法开启。请检查网络后重试。',
  'wake.turnedOn': '好友现在可以在 Plume 关闭时唤醒它。',
  'wake.turnedOff': '好友不能再唤醒 Plume。',
  'wake.installed': '已安装：Plume 以应用方式运行。',
  'wake.notInstalled': '未安装：Plume 在浏览器标签页中运行。',
  'wake.install': '安装 Plume',
  'wake.installTitle': '安装 Plume',
  'wake.installText': '安装 Plume 后，可以像其他应用一样打开它，并在关闭时也能被联系到。',
  'wake.iosTitle': '把 Plume 添加到主屏幕',
  'wake.iosStep1': '轻点 Safari 工具栏中的“分享”按钮。',
  'wake.iosStep2': '选择“添加到主屏幕”，然后轻点“添加”。',
  'wake.iosStep3': '从主屏幕打开 Plume，然后开启唤醒。',
  'wake.dismiss': '关闭',
  'wake.calling': '{name} 不在线。Plume 正在唤醒对方的设备，对方打开 Plume 时会响铃。',
  'wake.notifyReach': '{name} 想联系你',
  'wake.notifyCall': '{name} 来电',
  'wake.notifyReachSomeone': '有人想联系你',
  'wake.notifyCallSomeone': '有人给你来电',
  'wake.notifyBody': '打开 Plume 接收。',
  'wake.notifyCallBody': '打开 Plume 接听。',
};
