/** What a list will hold, shown while it holds nothing. */
import type { ComponentChildren } from 'preact';

interface EmptyStateProps {
  title: string;
  body: string;
  icon: ComponentChildren;
  testId: string;
}

export function EmptyState({ title, body, icon, testId }: EmptyStateProps) {
  return (
    <div class="empty" data-testid={testId}>
      <div class="empty__icon">{icon}</div>
      <h2 class="empty__title">{title}</h2>
      <p class="empty__body">{body}</p>
    </div>
  );
}
