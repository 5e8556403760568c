/** Test support: moments events with unchecked signatures, written by small per-author logs. */
import { base32Encode } from '../base32';
import type { PeerId } from '../ids';
import type { MomentBodies, MomentEvent, MomentType } from './events';
import { momentsLogId } from './logId';

export const A = 'a'.repeat(32) as PeerId;
export const B = 'b'.repeat(32) as PeerId;
export const C = 'c'.repeat(32) as PeerId;
export const D = 'd'.repeat(32) as PeerId;
export const HEX = 'ab'.repeat(32);
export const THUMB = 'data:image/jpeg;base64,AAAA';

/** A local id (16..32 base32 characters) from a short tag, distinct per tag. */
export function lid(tag: string): string {
  return base32Encode(new TextEncoder().encode(tag)).padEnd(16, 'a');
}

/** Writes events as `author` into pair logs, with seqs per log and one lamport per author. */
export class Writer {
  readonly author: PeerId;
  #lamport = 0;
  readonly #seqs = new Map<string, number>();
  constructor(author: PeerId) {
    this.author = author;
  }
  /** An event in the log of `author` and `to`. */
  write<T extends MomentType>(
    to: PeerId,
    type: T,
    body: MomentBodies[T],
    ts = 1000,
  ): MomentEvent<T> {
    const conv = momentsLogId(this.author, to);
    const seq = (this.#seqs.get(conv) ?? 0) + 1;
    this.#seqs.set(conv, seq);
    this.#lamport += 1;
    return {
      conv,
      author: this.author,
      seq,
      lamport: this.#lamport,
      ts,
      type,
      body,
      sig: 'x'.repeat(86),
    };
  }
}

/** A picture reference. */
export function picture(n = 0): MomentBodies['mom.post']['media'][number] {
  return { mime: 'image/jpeg', size: 1000 + n, sha256: HEX, thumb: THUMB, width: 10, height: 10 };
}
