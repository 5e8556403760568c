/** Long press (touch) and right-click both open a context menu. */
import { useRef } from 'preact/hooks';
import { LONG_PRESS_MS } from '../chat/models/chatView';

/** Open the menu after a press held still for LONG_PRESS_MS (touch screens). */
export function useLongPress(onLongPress: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fired = useRef(false);
  const cancel = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  return {
    onTouchStart: () => {
      fired.current = false;
      cancel();
      timer.current = setTimeout(() => {
        fired.current = true;
        onLongPress();
      }, LONG_PRESS_MS);
    },
    onTouchMove: cancel,
    onTouchEnd: (event: TouchEvent) => {
      cancel();
      // The press became a menu: don't also follow the link.
      if (fired.current) event.preventDefault();
    },
    onContextMenu: (event: MouseEvent) => {
      event.preventDefault();
      cancel();
      onLongPress();
    },
  };
}
