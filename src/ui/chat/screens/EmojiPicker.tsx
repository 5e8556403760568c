/**
 * The emoji picker: category tabs and a grid. Its own chunk (with the emoji
 * list), loaded the first time someone opens it. Escape closes it; arrow keys
 * move between tabs as in any tab list.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { JSX } from 'preact';
import { t } from '../../i18n';
import { EMOJI_CATEGORIES } from '../models/emoji';

interface EmojiPickerProps {
  onPick: (emoji: string) => void;
  onClose: () => void;
}

export function EmojiPicker({ onPick, onClose }: EmojiPickerProps) {
  const active = useSignal(0);
  const tabs = useRef<HTMLDivElement>(null);
  const category = EMOJI_CATEGORIES[active.value] ?? EMOJI_CATEGORIES[0];

  useEffect(() => {
    tabs.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }, []);

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };

  const onTabKey = (event: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    const n = EMOJI_CATEGORIES.length;
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    active.value = (active.value + step + n) % n;
    requestAnimationFrame(() =>
      tabs.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus(),
    );
  };

  if (!category) return null;
  return (
    <div
      class="emoji"
      role="dialog"
      aria-label={t('emoji.picker')}
      data-testid="emoji-picker"
      onKeyDown={onKeyDown}
    >
      <div class="emoji__tabs" role="tablist" ref={tabs} onKeyDown={onTabKey}>
        {EMOJI_CATEGORIES.map((c, i) => (
          <button
            key={c.id}
            type="button"
            role="tab"
            id={`emoji-tab-${c.id}`}
            class="emoji__tab"
            aria-selected={i === active.value}
            aria-controls="emoji-panel"
            aria-label={t(c.label)}
            title={t(c.label)}
            tabIndex={i === active.value ? 0 : -1}
            onClick={() => {
              active.value = i;
            }}
          >
            {c.icon}
          </button>
        ))}
      </div>
      <div
        class="emoji__grid"
        id="emoji-panel"
        role="tabpanel"
        aria-labelledby={`emoji-tab-${category.id}`}
      >
        {category.emoji.map((emoji) => (
          <button
            key={emoji}
            type="button"
            class="emoji__option"
            data-testid="emoji-option"
            data-emoji={emoji}
            onClick={() => onPick(emoji)}
          >
            {emoji}
          </button>
        ))}
      </div>
    </div>
  );
}
