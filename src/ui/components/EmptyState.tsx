/** What a list will hold, shown while it holds nothing, with the actions that fill it. */
import type { ComponentChildren } from 'preact';

interface EmptyStateProps {
  title: string;
  body: string;
  icon: ComponentChildren;
  testId: string;
  /** Buttons or links that get the user going. */
  children?: ComponentChildren;
}

export function EmptyState({ title, body, icon, testId, children }: EmptyStateProps) {
  return (
    <div class="empty" data-testid={testId}>
      <div class="empty__icon">{icon}</div>
      <h2 class="empty__title">{title}</h2>
      <p class="empty__body">{body}</p>
      {children && <div class="empty__actions">{children}</div>}
    </div>
  );
}
