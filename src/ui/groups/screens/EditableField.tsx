/**
 * A value with an edit button that turns into a field with Save and Cancel (Escape cancels).
 * Used for the group's name and announcement, and my nickname in the group.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';

interface EditableFieldProps {
  id: string;
  label: string;
  /** The edit button's text. */
  editLabel: string;
  saveLabel: string;
  cancelLabel: string;
  value: string;
  multiline?: boolean;
  maxLength: number;
  /** Shown when not editing; defaults to the value. */
  children?: JSX.Element | null;
  /** Whether the value may be edited here. */
  editable: boolean;
  /** Save the new text (trimmed); resolves true when it went through. */
  onSave: (text: string) => Promise<boolean>;
}

export function EditableField(props: EditableFieldProps) {
  const editing = useSignal(false);
  const draft = useSignal('');
  const busy = useSignal(false);

  if (!editing.value) {
    return (
      <div class="group-info__row">
        {props.children ?? <p class="group-info__text">{props.value}</p>}
        {props.editable && (
          <button
            type="button"
            class="button button--text"
            data-testid={`${props.id}-edit`}
            onClick={() => {
              draft.value = props.value;
              editing.value = true;
            }}
          >
            {props.editLabel}
          </button>
        )}
      </div>
    );
  }

  const save = (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy.value) return;
    busy.value = true;
    void props.onSave(draft.value.trim()).then((ok) => {
      busy.value = false;
      if (ok) editing.value = false;
    });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') editing.value = false;
  };
  const common = {
    id: props.id,
    class: 'field__input',
    'data-testid': `${props.id}-input`,
    maxLength: props.maxLength,
    value: draft.value,
    autofocus: true,
    onKeyDown,
    onInput: (event: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      draft.value = event.currentTarget.value;
    },
  };

  return (
    <form class="form" onSubmit={save}>
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      {props.multiline ? (
        <textarea {...common} rows={4} />
      ) : (
        <input {...common} autocomplete="off" />
      )}
      <div class="button-row">
        <button
          type="button"
          class="button button--text"
          onClick={() => {
            editing.value = false;
          }}
        >
          {props.cancelLabel}
        </button>
        <button
          type="submit"
          class="button button--primary"
          data-testid={`${props.id}-save`}
          disabled={busy.value}
          aria-busy={busy.value}
        >
          {props.saveLabel}
        </button>
      </div>
    </form>
  );
}
