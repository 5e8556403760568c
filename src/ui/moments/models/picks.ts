/**
 * Reading the files the author picks for a moment: the thumbnail, pixel size and length made
 * on the device by the chat's own media reader, and the draft's rules on what may join.
 */
import type { PictureInput, VideoInput } from '../../../peers/moments/api';
import type { FileExtras } from '../../../peers/files/api';
import { mediaKindOf, refusalOf, type PickedMedia, type PickRefusal } from './draft';

/** A picked file, read and ready to publish. */
export interface ReadyMedia extends PickedMedia {
  input: PictureInput | VideoInput;
}

/** Why a file was left out: a draft rule, or it could not be read (no thumbnail). */
export type PickProblem = PickRefusal | 'unreadable';

/** Turn a read file into what `publish` takes; null when no thumbnail could be made. */
export function readyOf(
  key: string,
  blob: Blob,
  name: string,
  extras: FileExtras,
): ReadyMedia | null {
  const kind = mediaKindOf(blob.type);
  if (!kind || !extras.thumb) return null;
  const base: PictureInput = { blob, name, thumb: extras.thumb };
  if (extras.width) base.width = extras.width;
  if (extras.height) base.height = extras.height;
  const input: PictureInput | VideoInput =
    kind === 'video' ? { ...base, duration: extras.duration ?? 0 } : base;
  return { key, kind, name, thumb: extras.thumb, duration: extras.duration, input };
}

/**
 * Add `files` to `current` in order, each read by `describe`; what a rule refuses or what
 * cannot be read is left out and reported once per reason.
 */
export async function addPicks(
  current: readonly ReadyMedia[],
  files: readonly File[],
  describe: (blob: Blob) => Promise<FileExtras>,
  nextKey: () => string,
): Promise<{ media: ReadyMedia[]; problems: PickProblem[] }> {
  const media = [...current];
  const problems = new Set<PickProblem>();
  for (const file of files) {
    const kind = mediaKindOf(file.type);
    if (!kind) {
      problems.add('notMedia');
      continue;
    }
    // Check the rule before reading, so a tenth picture is not read for nothing.
    const early = refusalOf(media, { key: '', kind, name: file.name });
    if (early) {
      problems.add(early);
      continue;
    }
    const extras = await describe(file).catch((): FileExtras => ({}));
    const ready = readyOf(nextKey(), file, file.name, extras);
    if (!ready) {
      problems.add('unreadable');
      continue;
    }
    const refusal = refusalOf(media, ready);
    if (refusal) problems.add(refusal);
    else media.push(ready);
  }
  return { media, problems: [...problems] };
}
