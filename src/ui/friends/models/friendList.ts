/**
 * How the Friends screen organises people: search, then sections for
 * requests, friends grouped by label, and blocked people. Pure, so it is
 * tested without the friends engine; the screen feeds it `people`.
 */
import type { FriendView } from './friends';

/** One label's friends; `label` null holds friends without a label. */
export interface LabelGroup {
  label: string | null;
  people: FriendView[];
}

export interface FriendSections {
  /** They asked without a valid invite: accept or decline. */
  incoming: FriendView[];
  /** We asked (waiting, or declined). */
  outgoing: FriendView[];
  /** Friends by label, labels in alphabetical order, unlabelled last. A friend appears under each of their labels. */
  groups: LabelGroup[];
  blocked: FriendView[];
  /** Number of people shown, over all sections (each person once). */
  count: number;
}

/** Case- and accent-insensitive form for searching. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** True when `query` (trimmed) occurs in the title, remark, name or a label. */
export function matchesQuery(person: FriendView, query: string): boolean {
  const q = fold(query.trim());
  if (q === '') return true;
  const fields = [person.title, person.remark ?? '', person.name, ...person.labels];
  return fields.some((field) => fold(field).includes(q));
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byTitle = (a: FriendView, b: FriendView) => collator.compare(a.title, b.title);

/** Split `people` into the screen's sections, keeping only those matching `query`. */
export function sectionsOf(people: readonly FriendView[], query: string): FriendSections {
  const shown = people.filter((person) => matchesQuery(person, query)).sort(byTitle);
  const incoming: FriendView[] = [];
  const outgoing: FriendView[] = [];
  const blocked: FriendView[] = [];
  const byLabel = new Map<string, FriendView[]>();
  const unlabelled: FriendView[] = [];
  for (const person of shown) {
    if (person.blocked) blocked.push(person);
    else if (person.state === 'incoming') incoming.push(person);
    else if (person.state === 'outgoing' || person.state === 'declined') outgoing.push(person);
    else if (person.labels.length === 0) unlabelled.push(person);
    else {
      for (const label of new Set(person.labels)) {
        const list = byLabel.get(label) ?? [];
        list.push(person);
        byLabel.set(label, list);
      }
    }
  }
  const groups: LabelGroup[] = [...byLabel.keys()]
    .sort(collator.compare)
    .map((label) => ({ label, people: byLabel.get(label) ?? [] }));
  if (unlabelled.length > 0) groups.push({ label: null, people: unlabelled });
  return { incoming, outgoing, groups, blocked, count: shown.length };
}

/** Every label in use, alphabetically (suggestions for the label editor). */
export function allLabels(people: readonly FriendView[]): string[] {
  const labels = new Set(people.flatMap((person) => person.labels));
  return [...labels].sort(collator.compare);
}

/** Labels from free text: split on commas, trimmed, empty and repeated ones dropped. */
export function parseLabels(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[,，、]/)) {
    const label = raw.trim().replace(/\s+/g, ' ');
    if (label && !out.some((l) => collator.compare(l, label) === 0)) out.push(label);
  }
  return out;
}

/** People with a security notice, to list above everything else. */
export function withNotices(people: readonly FriendView[]): FriendView[] {
  return people.filter((person) => person.notice !== null);
}
