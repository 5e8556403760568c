/** Icons only the chat view uses (kept in its chunk). Decorative: a label sits next to each. */
import { Icon, type IconProps } from '../../components/Icons';

export function ReplyIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M9.5 6L4 11.5 9.5 17M4.5 11.5H14a6 6 0 0 1 6 6V19" />
    </Icon>
  );
}

export function EditIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 20h4.5L19 9.5a2.1 2.1 0 0 0-3-3L5.5 17 4 20ZM14.5 8l3 3" />
    </Icon>
  );
}

export function RecallIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4.5 9.5H15a5 5 0 0 1 0 10H8M8 5.5l-4 4 4 4" />
    </Icon>
  );
}

export function TrashIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4.5 6.5h15M9.5 6.5V4.5h5v2M6.5 6.5l1 13h9l1-13M10 10.5v5.5M14 10.5v5.5" />
    </Icon>
  );
}

export function ForwardIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M14 5l7 7-7 7M21 12H9a6 6 0 0 0-6 6v1" />
    </Icon>
  );
}

export function SelectIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="4" y="4" width="16" height="16" rx="3" />
      <path d="M8 12.5l3 3 5-6" />
    </Icon>
  );
}
