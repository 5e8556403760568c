/** Icons of the call screen (a lazy chunk, so they cost the first visit nothing). */
import { Icon, type IconProps } from '../../components/Icons';

const HANDSET =
  'M5 4h3.5l1.6 4.2-2.2 1.5a11 11 0 0 0 6.4 6.4l1.5-2.2L20 15.5V19a1.5 1.5 0 0 1-1.6 1.5A16.5 16.5 0 0 1 3.5 5.6 1.5 1.5 0 0 1 5 4Z';

export function PhoneIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d={HANDSET} />
    </Icon>
  );
}

export function HangupIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d={HANDSET} transform="rotate(135 12 12)" />
    </Icon>
  );
}

export function VideoIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="2.5" y="6" width="13" height="12" rx="2.5" />
      <path d="M15.5 10.5l6-3.5v10l-6-3.5" />
    </Icon>
  );
}

export function VideoOffIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M15.5 13.5v2a2.5 2.5 0 0 1-2.5 2.5H5a2.5 2.5 0 0 1-2.5-2.5v-7A2.5 2.5 0 0 1 5 6h1.5M10 6h3a2.5 2.5 0 0 1 2.5 2.5v2l6-3.5v10" />
      <path d="M3 3l18 18" />
    </Icon>
  );
}

export function MicOffIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M15 10V6a3 3 0 0 0-5.8-1M9 9v2a3 3 0 0 0 4.6 2.5M5.5 11a6.5 6.5 0 0 0 10.4 5.2M18.5 11a6.5 6.5 0 0 1-.5 2.5M12 17.5V21" />
      <path d="M3 3l18 18" />
    </Icon>
  );
}

export function SwitchCameraIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 8.5A2.5 2.5 0 0 1 6.5 6H8l1.5-2h5L16 6h1.5A2.5 2.5 0 0 1 20 8.5v9a2.5 2.5 0 0 1-2.5 2.5h-11A2.5 2.5 0 0 1 4 17.5Z" />
      <path d="M9 12.5a3 3 0 0 1 5.2-2l.8.8M15 14a3 3 0 0 1-5.2 1.5l-.8-.8M15 9.5v2h-2M9 16.5v-2h2" />
    </Icon>
  );
}

export function ScreenIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="2.5" y="4" width="19" height="13" rx="2" />
      <path d="M8 21h8M12 17v4M12 13.5v-6M9 10l3-3 3 3" />
    </Icon>
  );
}

export function AddPersonIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="10" cy="8" r="3.5" />
      <path d="M3.5 20a6.5 6.5 0 0 1 11.5-4.2M18.5 14v6M15.5 17h6" />
    </Icon>
  );
}

export function MinimizeIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 4l5.5 5.5M9.5 4v5.5H4M20 20l-5.5-5.5M14.5 20v-5.5H20" />
    </Icon>
  );
}
