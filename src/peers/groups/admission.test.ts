import { describe, expect, it } from 'vitest';
import { isControlEvent } from '../../lib/group/control';
import { groupWorld, makePeople } from '../../lib/group/testing/world';
import { MAX_EVENTS_PER_BATCH } from '../sync/constants';
import { addPending, admissionFrames, isInvitation, lacksAdmission } from './admission';

describe('admission first', () => {
  it('[GRP-72][GRP-73] a long history: the control events go first, and they alone make the invitation', async () => {
    const w = await groupWorld(['owner', 'b', 'c']);
    for (let i = 0; i < 300; i++) await w.say(i % 2 ? 'owner' : 'b', `m${i}`);
    const c = w.person('c');
    // A fourth person, added after the long history: their HAVE is empty.
    const [d] = await makePeople(['d']);
    await w.write('b', 'group.add', { member: d!.id, pub: d!.pub });
    const inviter = w.device('b');
    const fold = w.fold('b');
    expect(lacksAdmission(fold, d!.id, {})).toBe(true);
    expect(lacksAdmission(fold, c.id, inviter.vv())).toBe(false);
    const control = inviter.arrivals.filter(isControlEvent);
    const frames = admissionFrames(fold, w.person('b').id, d!.id, {}, control);
    const sent = frames.flat();
    expect(sent).toHaveLength(control.length);
    expect(sent.every(isControlEvent)).toBe(true);
    expect(frames.every((f) => f.length <= MAX_EVENTS_PER_BATCH)).toBe(true);
    const lamports = sent.map((e) => e.lamport);
    expect(lamports).toEqual([...lamports].sort((a, b) => a - b));
    expect(isInvitation(w.conv, sent, d!.id, w.person('b').id)).toBe(true);
    // In author order the first frame is the owner's 100 oldest events: no invitation.
    const authorOrder = [...inviter.arrivals].sort((a, b) =>
      a.author === b.author ? a.seq - b.seq : a.author < b.author ? -1 : 1,
    );
    expect(
      isInvitation(w.conv, authorOrder.slice(0, MAX_EVENTS_PER_BATCH), d!.id, w.person('b').id),
    ).toBe(false);
    // Nothing is sent ahead to a member who holds both admissions.
    expect(admissionFrames(fold, w.person('b').id, c.id, inviter.vv(), control)).toEqual([]);
  });

  it('[GRP-73] kept control events: each once, messages left out', async () => {
    const w = await groupWorld(['owner', 'b']);
    const text = await w.say('b', 'hi');
    const control = w.device('owner').arrivals.filter(isControlEvent);
    const kept = addPending(addPending([], control), [...control, text]);
    expect(kept).toEqual(control);
  });
});
