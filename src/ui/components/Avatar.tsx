/** A person's picture, or their initial on a colour derived from their id. */
interface AvatarProps {
  name: string;
  src: string | null;
  /** Seed for the background colour (the PeerId), so a person keeps their colour. */
  seed: string;
  size?: 'm' | 'l';
}

/** The first letter (or CJK character, or emoji) of a name, for the placeholder. */
export function initialOf(name: string): string {
  const first = [...name.trim()][0] ?? '?';
  return first.toLocaleUpperCase();
}

/** A hue 0..359 from a string, stable across sessions. */
export function hueOf(seed: string): number {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) >>> 0;
  return hash % 360;
}

export function Avatar({ name, src, seed, size = 'm' }: AvatarProps) {
  const cls = `avatar avatar--${size}`;
  if (src) return <img class={cls} src={src} alt="" width={48} height={48} decoding="async" />;
  return (
    <span class={cls} style={{ '--avatar-hue': String(hueOf(seed)) }} aria-hidden="true">
      {initialOf(name)}
    </span>
  );
}
