/**
 * Length in Unicode code points: the unit of every text limit the app and its
 * peers check (message text, names, passphrases), so an emoji counts once.
 * A lone surrogate counts as one.
 */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
