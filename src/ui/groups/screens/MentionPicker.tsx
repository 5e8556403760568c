/**
 * The @mention picker above a group chat's composer: it opens while an `@word` is typed,
 * lists the matching members (and everyone, for admins and the owner), and writes the chosen
 * name. Arrow keys move, Enter or Tab picks, Escape closes; a tap picks too.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { Avatar } from '../../components/Avatar';
import type { ComposerSlotProps } from '../../chat/screens/chatParts';
import { t } from '../../i18n';
import type { MemberRow } from '../models/members';
import { insertMention, mentionCandidates, mentionQuery } from '../models/mentions';

interface MentionPickerProps extends ComposerSlotProps {
  members: readonly MemberRow[];
  canAll: boolean;
}

export function MentionPicker({ text, caret, apply, keys, members, canAll }: MentionPickerProps) {
  const active = useSignal(0);
  const closedAt = useSignal<number | null>(null);
  const at = mentionQuery(text, caret);
  const open = at !== null && closedAt.value !== at.start;
  const choices = open ? mentionCandidates(members, at.query, canAll, t('groups.mentionAll')) : [];
  const index = Math.min(active.value, Math.max(choices.length - 1, 0));

  useEffect(() => {
    active.value = 0;
  }, [at?.query]);

  const pick = (i: number) => {
    const choice = choices[i];
    if (!at || !choice) return;
    const next = insertMention(text, at, choice);
    apply(next.text, next.caret);
  };

  keys.current =
    choices.length === 0 || !at
      ? null
      : (event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            const step = event.key === 'ArrowDown' ? 1 : -1;
            active.value = (index + step + choices.length) % choices.length;
            return true;
          }
          if (event.key === 'Enter' || event.key === 'Tab') {
            pick(index);
            return true;
          }
          if (event.key === 'Escape') {
            closedAt.value = at.start;
            return true;
          }
          return false;
        };

  if (choices.length === 0) return null;
  return (
    <ul
      class="mention-picker"
      role="listbox"
      id="mention-picker"
      aria-label={t('groups.mentionList')}
      data-testid="mention-picker"
    >
      {choices.map((c, i) => (
        <li
          key={c.target}
          id={`mention-${i}`}
          role="option"
          aria-selected={i === index}
          class="mention-picker__item"
          data-testid="mention-choice"
          data-target={c.target}
          onMouseDown={(event) => {
            // Keep the focus (and the caret) in the composer.
            event.preventDefault();
            pick(i);
          }}
        >
          {c.target === 'all' ? (
            <span class="avatar avatar--m" aria-hidden="true">
              @
            </span>
          ) : (
            <Avatar name={c.label} src={c.avatar} seed={c.target} />
          )}
          <span>
            {c.label}
            {c.target === 'all' && (
              <span class="mention-picker__hint"> · {t('groups.mentionAllHint')}</span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
