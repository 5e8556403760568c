/**
 * The group parts of the chat view, built from the fold: sender names (nickname, else remark,
 * else profile name), system lines in their place, and mentions marked in the text.
 */
import type { EventId, PeerId } from '../../../lib/ids';
import type { GroupFold } from '../../../lib/group/types';
import type { ChatLine, ChatParts } from '../../chat/screens/chatParts';
import { MessageText } from '../../chat/screens/MessageText';
import { t } from '../../i18n';
import type { PlacedLine } from '../models/groupLines';
import { displayName, type KnownPerson, type MemberRow } from '../models/members';
import { mayMentionAll, mentionSegments } from '../models/mentions';
import { placeLines } from '../models/placeLines';
import { systemText } from '../models/systemLines';
import { GroupCallEntry } from './GroupCallEntry';
import { ReadBy } from './ReadBy';

interface PartsInput {
  fold: GroupFold;
  me: PeerId;
  members: readonly MemberRow[];
  known: (id: PeerId) => KnownPerson | null;
  placed: readonly PlacedLine[];
  /** Members' read marks ([GRP-52]); null: my read receipts are off, so none is shown. */
  marks: ReadonlyMap<PeerId, number> | null;
}

/** The chat parts of one group as it is now. */
export function groupChatParts({ fold, me, members, known, placed, marks }: PartsInput): ChatParts {
  const byId = new Map(members.map((m) => [m.id, m]));
  const senderOf = (id: PeerId) => {
    const row = byId.get(id);
    if (row) return { name: row.name, avatar: row.avatar };
    // Someone who left or was removed: what this device knows of them.
    const person = known(id);
    return { name: displayName(id, null, person), avatar: person?.avatar ?? null };
  };
  const nameOf = (id: PeerId) => (id === me ? t('groups.youSubject') : senderOf(id).name);
  const texts = placed.map((p) => {
    const { key, params } = systemText(p.line, nameOf, me);
    const line: ChatLine & { lamport: number } = {
      key: `${p.line.event}-${p.line.kind}`,
      text: t(key, params),
      lamport: p.lamport,
    };
    return line;
  });

  return {
    me,
    senderOf,
    lines(messages, fromStart) {
      const { before, after } = placeLines(
        messages.map((m) => m.lamport),
        texts,
        fromStart,
      );
      const map = new Map<EventId, readonly ChatLine[]>();
      before.forEach((lines, i) => {
        if (lines.length) map.set(messages[i]!.id, lines);
      });
      return { before: map, after };
    },
    footer(m) {
      return marks && <ReadBy message={m} marks={marks} members={members} />;
    },
    text(m) {
      const all = mayMentionAll(fold, { ...m, text: m.text });
      return (
        <>
          {mentionSegments(m.text, members).map((s, i) =>
            s.kind === 'mention' && (s.target !== 'all' || all) ? (
              <span
                key={i}
                class="mention"
                data-testid="mention"
                data-target={s.target}
                data-me={String(s.target === me || s.target === 'all')}
              >
                {s.text}
              </span>
            ) : (
              <MessageText key={i} text={s.text} />
            ),
          )}
        </>
      );
    },
    call(m, call) {
      const nameOf = (id: PeerId) => (id === me ? t('calls.you') : senderOf(id).name);
      return <GroupCallEntry conv={fold.conv} call={call} mine={m.mine} nameOf={nameOf} />;
    },
  };
}
