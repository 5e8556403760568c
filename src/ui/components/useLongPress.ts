/** Long press (touch) and right-click both open a context menu. */
import { useState } from 'preact/hooks';
import { systemClock } from '../../lib/clock';
import { LongPress } from './LongPress';

/** Open the menu after a press held still for LONG_PRESS_MS (touch screens). */
export function useLongPress(onLongPress: () => void) {
  const [press] = useState(() => new LongPress(systemClock));
  return {
    onTouchStart: () => press.start(onLongPress),
    onTouchMove: () => press.cancel(),
    onTouchEnd: (event: TouchEvent) => {
      // The press became a menu: don't also follow the link.
      if (press.end()) event.preventDefault();
    },
    onContextMenu: (event: MouseEvent) => {
      event.preventDefault();
      press.cancel();
      onLongPress();
    },
  };
}
