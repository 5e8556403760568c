/**
 * Forwarding (转发): copies of messages sent on to other chats. Planning is pure: which copy
 * goes where with which marks, and what cannot go (a file to a group). Running takes the two
 * sends as parameters, so it is tested without storage. Spec: docs/protocol.md [CHAT-FWD-1..4].
 */
import { MAX_FORWARDED_FROM_CHARS, type FileBody, type ForwardMarks } from '../../../lib/chatEvent';
import type { ConversationId, EventId } from '../../../lib/ids';
import type { MessageView } from './messages';

/** A message as forwarding needs it. */
export interface ForwardSource {
  id: EventId;
  kind: 'text' | 'file';
  text: string;
  file: FileBody | null;
  /** The original sender's name as this device shows it (my own display name for mine). */
  authorName: string;
  /** The name a forwarded message already carries. */
  forwardedFrom: string | null;
}

/** One copy to send; `what` names it in a failure (the file's name, or the start of the text). */
export type ForwardStep =
  | { conv: ConversationId; kind: 'text'; text: string; what: string; marks: ForwardMarks }
  | { conv: ConversationId; kind: 'file'; source: EventId; what: string; marks: ForwardMarks };

/** Why a copy was not sent. */
export type ForwardFailure = 'fileGone' | 'storage' | 'notAllowed';

/** A copy that did not go. */
export interface ForwardMiss {
  conv: ConversationId;
  /** The file's name, or the start of the text. */
  what: string;
  reason: ForwardFailure;
}

/** What forwarding did. */
export interface ForwardOutcome {
  /** Chats that received at least one copy. */
  reached: ConversationId[];
  missed: ForwardMiss[];
}

/** Characters of a text named in a failure. */
const WHAT_CHARS = 24;

/** Messages that can be forwarded: texts and files, not recalled. [CHAT-FWD-3] */
export function forwardable(m: MessageView): boolean {
  return !m.recalled && (m.kind === 'text' || (m.kind === 'file' && m.file !== null));
}

/** A name fit for `forwardedFrom`: control characters dropped, at most 64 code points. */
export function cleanName(name: string): string | null {
  const chars = [...name.replace(/\p{Cc}/gu, '').trim()];
  const cut = chars.slice(0, MAX_FORWARDED_FROM_CHARS).join('').trim();
  return cut === '' ? null : cut;
}

/**
 * The marks of a copy of `source`. With the name, a message that was itself forwarded with a
 * name keeps that first name: it is the original sender's. [CHAT-FWD-2]
 */
export function marksFor(source: ForwardSource, includeName: boolean): ForwardMarks {
  if (!includeName) return { forwarded: true };
  const name = cleanName(source.forwardedFrom ?? source.authorName);
  return name ? { forwarded: true, forwardedFrom: name } : { forwarded: true };
}

function whatOf(source: ForwardSource): string {
  if (source.kind === 'file') return source.file?.name ?? '';
  const chars = [...source.text];
  return chars.length > WHAT_CHARS ? `${chars.slice(0, WHAT_CHARS).join('')}…` : source.text;
}

/**
 * Every copy, target by target, each target getting the messages in the order given (the
 * chat's order); a file goes to a group as to a friend ([GFILE-1]). [CHAT-FWD-4]
 */
export function planForward(
  sources: readonly ForwardSource[],
  targets: readonly ConversationId[],
  includeName: boolean,
): { steps: ForwardStep[]; missed: ForwardMiss[] } {
  const steps: ForwardStep[] = [];
  const missed: ForwardMiss[] = [];
  for (const conv of targets) {
    for (const source of sources) {
      const marks = marksFor(source, includeName);
      const what = whatOf(source);
      if (source.kind === 'text') {
        steps.push({ conv, kind: 'text', text: source.text, what, marks });
      } else {
        steps.push({ conv, kind: 'file', source: source.id, what, marks });
      }
    }
  }
  return { steps, missed };
}

/** The two ways a copy is sent; each resolves to null when sent, else why not. */
export interface ForwardSends {
  text(conv: ConversationId, text: string, marks: ForwardMarks): Promise<ForwardFailure | null>;
  file(conv: ConversationId, source: EventId, marks: ForwardMarks): Promise<ForwardFailure | null>;
}

/** Send every step in order (a chat's copies keep their order); a failed one does not stop the rest. */
export async function runForward(
  plan: { steps: readonly ForwardStep[]; missed: readonly ForwardMiss[] },
  sends: ForwardSends,
): Promise<ForwardOutcome> {
  const reached = new Set<ConversationId>();
  const missed = [...plan.missed];
  for (const step of plan.steps) {
    const failure =
      step.kind === 'text'
        ? await sends.text(step.conv, step.text, step.marks)
        : await sends.file(step.conv, step.source, step.marks);
    if (failure === null) reached.add(step.conv);
    else missed.push({ conv: step.conv, what: step.what, reason: failure });
  }
  return { reached: [...reached], missed };
}
