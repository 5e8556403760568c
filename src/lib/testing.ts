/** Test support: a conversation, a wire event maker and a file body shared by the event tests. */
import type { FileBody } from './chatEvent';
import { directConversationId } from './convId';
import type { PeerId } from './ids';

export const A = 'a'.repeat(32) as PeerId;
export const B = 'b'.repeat(32) as PeerId;
export const conv = directConversationId(A, B);
export const HEX = 'ab'.repeat(32);

/** A wire event by A in `conv`, with a well-formed but unchecked signature. */
export function wire(type: string, body: unknown): unknown {
  return { conv, author: A, seq: 1, lamport: 1, ts: 1, type, body, sig: 'x'.repeat(86) };
}

/** A photo's file body, every optional field set. */
export const file: FileBody = {
  name: 'photo.jpg',
  size: 1234,
  mime: 'image/jpeg',
  sha256: HEX,
  chunkSize: 256 * 1024,
  chunks: HEX,
  thumb: 'data:image/jpeg;base64,AAAA',
  width: 640,
  height: 480,
};
