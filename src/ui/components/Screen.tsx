/**
 * A top-level screen: its heading is the focus target after navigation, so
 * keyboard and screen-reader users land at the start of the new content.
 */
import type { ComponentChildren } from 'preact';

interface ScreenProps {
  title: string;
  children: ComponentChildren;
}

export function Screen({ title, children }: ScreenProps) {
  return (
    <div class="screen">
      <h1 class="screen__title" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}
