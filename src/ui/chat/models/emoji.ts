/**
 * A compact built-in emoji set, grouped by category, for the lazy emoji
 * picker (its own chunk: nothing here loads until the picker opens).
 * Strings are split on spaces to keep the source short.
 */
import type { MessageKey } from '../../i18n';

export interface EmojiCategory {
  id: string;
  /** Dictionary key of the category name. */
  label: MessageKey;
  /** The category's tab icon. */
  icon: string;
  emoji: readonly string[];
}

const list = (s: string): readonly string[] => s.split(' ');

export const EMOJI_CATEGORIES: readonly EmojiCategory[] = [
  {
    id: 'smileys',
    label: 'emoji.smileys',
    icon: '😀',
    emoji: list(
      '😀 😃 😄 😁 😆 😅 🤣 😂 🙂 🙃 😉 😊 😇 🥰 😍 🤩 😘 😗 😚 😙 😋 😛 😜 🤪 😝 🤑 🤗 🤭 🤫 🤔 🤐 🤨 😐 😑 😶 😏 😒 🙄 😬 😌 😔 😪 🤤 😴 😷 🤒 🤕 🤢 🤮 🥵 🥶 🥴 😵 🤯 🤠 🥳 😎 🤓 🧐 😕 😟 🙁 😮 😯 😲 😳 🥺 😦 😧 😨 😰 😥 😢 😭 😱 😖 😣 😞 😓 😩 😫 🥱 😤 😡 😠 🤬 😈 💀 💩 🤡 👻 👽 🤖',
    ),
  },
  {
    id: 'people',
    label: 'emoji.people',
    icon: '👋',
    emoji: list(
      '👋 🤚 🖐️ ✋ 🖖 👌 🤌 🤏 ✌️ 🤞 🤟 🤘 🤙 👈 👉 👆 👇 ☝️ 👍 👎 ✊ 👊 🤛 🤜 👏 🙌 👐 🤲 🤝 🙏 ✍️ 💪 🦾 👀 👁️ 👅 👄 🧠 👶 🧒 👦 👧 🧑 👨 👩 🧓 👴 👵 🙍 🙎 🙅 🙆 💁 🙋 🧏 🙇 🤦 🤷 💃 🕺 👯 🧘 🏃 🚶',
    ),
  },
  {
    id: 'hearts',
    label: 'emoji.hearts',
    icon: '❤️',
    emoji: list(
      '❤️ 🧡 💛 💚 💙 💜 🖤 🤍 🤎 💔 ❣️ 💕 💞 💓 💗 💖 💘 💝 💟 💯 💢 💥 💫 💦 💨 🕳️ 💬 💭 💤 ✨ 🔥 ⭐ 🌟 🎉 🎊',
    ),
  },
  {
    id: 'animals',
    label: 'emoji.animals',
    icon: '🐶',
    emoji: list(
      '🐶 🐱 🐭 🐹 🐰 🦊 🐻 🐼 🐨 🐯 🦁 🐮 🐷 🐸 🐵 🙈 🙉 🙊 🐔 🐧 🐦 🐤 🦆 🦅 🦉 🐺 🐗 🐴 🦄 🐝 🐛 🦋 🐌 🐞 🐢 🐍 🦎 🐙 🦑 🦀 🐠 🐟 🐬 🐳 🐋 🦈 🌸 🌹 🌺 🌻 🌼 🌷 🌱 🌲 🌳 🌴 🌵 🍀 🍁 🍂 🍃 🌈 ☀️ 🌙 ⛅ 🌧️ ❄️ ⛄',
    ),
  },
  {
    id: 'food',
    label: 'emoji.food',
    icon: '🍎',
    emoji: list(
      '🍎 🍐 🍊 🍋 🍌 🍉 🍇 🍓 🫐 🍈 🍒 🍑 🥭 🍍 🥥 🥝 🍅 🥑 🥦 🥕 🌽 🌶️ 🥔 🍞 🥐 🥨 🧀 🥚 🍳 🥞 🥓 🍔 🍟 🍕 🌭 🥪 🌮 🌯 🥗 🍝 🍜 🍲 🍛 🍣 🍱 🥟 🍤 🍙 🍚 🍘 🍥 🥮 🍡 🍦 🍰 🎂 🍮 🍭 🍬 🍫 🍿 🍩 🍪 ☕ 🍵 🧋 🍺 🍻 🥂 🍷',
    ),
  },
  {
    id: 'activities',
    label: 'emoji.activities',
    icon: '⚽',
    emoji: list(
      '⚽ 🏀 🏈 ⚾ 🎾 🏐 🏉 🎱 🏓 🏸 🥅 🏒 ⛳ 🏹 🎣 🥊 🥋 ⛸️ 🎿 🏂 🏋️ 🚴 🏊 🏄 🏆 🥇 🥈 🥉 🏅 🎖️ 🎫 🎟️ 🎭 🎨 🎬 🎤 🎧 🎼 🎹 🥁 🎷 🎺 🎸 🎻 🎲 🧩 🎮 🎯 🎳',
    ),
  },
  {
    id: 'travel',
    label: 'emoji.travel',
    icon: '✈️',
    emoji: list(
      '🚗 🚕 🚙 🚌 🚎 🏎️ 🚓 🚑 🚒 🚲 🛴 🛵 🏍️ 🚨 🚄 🚅 🚆 🚇 🚉 ✈️ 🛫 🛬 🚀 🛸 🚁 ⛵ 🚤 🛳️ 🚢 ⚓ 🗺️ 🗽 🗼 🏰 🏯 🏟️ 🎡 🎢 🎠 ⛲ 🏖️ 🏝️ 🏜️ 🌋 ⛰️ 🏔️ 🏕️ 🏠 🏡 🏢 🏥 🏦 🏨 🏫 🌃 🌆 🌇 🌉',
    ),
  },
  {
    id: 'objects',
    label: 'emoji.objects',
    icon: '💡',
    emoji: list(
      '⌚ 📱 💻 ⌨️ 🖥️ 🖨️ 🖱️ 💾 💿 📷 📸 📹 🎥 📞 ☎️ 📺 📻 ⏰ ⌛ ⏳ 🔋 🔌 💡 🔦 🕯️ 💸 💵 💰 💳 💎 🔧 🔨 🛠️ 🔑 🗝️ 🔒 🔓 🎁 🎈 🎀 ✉️ 📩 📦 📝 📅 📌 📎 ✂️ 📚 📖 🔍 ✅ ❌ ❓ ❗ ⚠️ 🚫 ➕ ➖ 🆗 🆕 🔔 🔕',
    ),
  },
];
