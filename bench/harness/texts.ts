/**
 * Deterministic message texts for the chat bench: about four in five are English sentences, the
 * rest Chinese. Two markers are planted at a known rate so search has a known answer:
 * {@link EN_MARKER} (an English word) and {@link ZH_MARKER} (a Chinese phrase). The filler
 * vocabulary never contains either marker, and no filler Chinese word uses the marker's
 * characters, so every hit comes from a planted marker.
 */

export const EN_MARKER = 'lighthouse';
export const ZH_MARKER = '周末去爬山';
/** One message in this many carries each marker. */
export const MARKER_EVERY = 200;

const EN_WORDS = (
  'the a to and of in is it you that for on was with he as at be this have from or one had by ' +
  'word but not what all were we when your can said there use an each which she do how their if ' +
  'will up other about out many then them these so some her would make like him into time has ' +
  'look two more write go see number no way could people my than first water been call who oil ' +
  'its now find long down day did get come made may part meeting tomorrow coffee train late ' +
  'sorry thanks great idea lunch dinner weekend project deadline review office home sunny rain ' +
  'photo ticket movie music book garden kitchen window market bridge river mountain island ' +
  'harbor street corner station airport hotel beach forest valley village city'
).split(' ');

const ZH_WORDS = (
  '你好 谢谢 我们 今天 明天 晚上 吃饭 电影 朋友 工作 项目 会议 咖啡 下班 回家 天气 ' +
  '很好 不错 可以 时间 地方 消息 照片 火车 飞机 酒店 城市 公园 音乐 学习 准备 已经 ' +
  '开始 结束 问题 没有 知道 觉得 一起 看看 等等 马上 晚点 早上 中午 下午 東西 书店'
).split(' ');

/** mulberry32: a small seeded PRNG, so every run writes the same texts. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(list: readonly T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** The text of message number `n` (0-based) of a seeded stream. */
export function messageText(n: number, rand: () => number): string {
  const chinese = rand() < 0.2;
  const words: string[] = [];
  const count = chinese ? 2 + Math.floor(rand() * 6) : 3 + Math.floor(rand() * 18);
  for (let i = 0; i < count; i++) words.push(pick(chinese ? ZH_WORDS : EN_WORDS, rand));
  if (n % MARKER_EVERY === 7) words.splice(Math.floor(rand() * words.length), 0, EN_MARKER);
  if (n % MARKER_EVERY === 107) words.splice(Math.floor(rand() * words.length), 0, ZH_MARKER);
  return chinese ? words.join('') + '。' : words.join(' ');
}
