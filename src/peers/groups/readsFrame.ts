/**
 * The READS frame: members' signed read marks of one group, on a session with a member I share
 * it with. Parsing never throws; a malformed frame is dropped whole, a malformed mark alone.
 * Spec: docs/protocol.md [GRP-51].
 */
import { isConversationId } from '../../lib/convId';
import { MAX_GROUP_MEMBERS } from '../../lib/group/rules';
import { isReadMark, type ReadMark } from '../../lib/group/readMark';
import type { ConversationId } from '../../lib/ids';
import { SESSION_PROTOCOL_VERSION } from '../session/constants';
import type { ControlFrame } from '../session/frames';

/** The frame's type. */
export const READS = 'READS';
/** Marks in one frame: one per member of the largest group. */
export const MAX_MARKS_PER_FRAME = MAX_GROUP_MEMBERS;

/** [GRP-51] `{type:'READS', v:1, conv, marks}`: 1..50 marks of `conv`. */
export interface ReadsFrame {
  type: typeof READS;
  v: typeof SESSION_PROTOCOL_VERSION;
  conv: ConversationId;
  marks: ReadMark[];
}

/** Build READS. */
export function readsFrame(conv: ConversationId, marks: ReadMark[]): ReadsFrame {
  return { type: READS, v: SESSION_PROTOCOL_VERSION, conv, marks };
}

/** The frame with its well-formed marks, or null when it is no READS frame or malformed. */
export function parseReadsFrame(frame: ControlFrame): ReadsFrame | null {
  if (frame.type !== READS || frame.v !== SESSION_PROTOCOL_VERSION) return null;
  const { conv, marks } = frame;
  if (!isConversationId(conv) || !Array.isArray(marks)) return null;
  if (marks.length === 0 || marks.length > MAX_MARKS_PER_FRAME) return null;
  return readsFrame(
    conv,
    (marks as unknown[]).filter((m): m is ReadMark => isReadMark(m, conv)),
  );
}
