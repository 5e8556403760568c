import { describe, expect, it } from 'vitest';
import { eventIdOf } from '../../../lib/convId';
import type { ChatEvent } from '../../../lib/chatEvent';
import type { GroupMetaBody } from '../../../lib/group/bodies';
import { groupWorld, removeAs, type World } from '../../../lib/group/testing/world';
import type { EventId, PeerId } from '../../../lib/ids';
import { registerDictionary, registerStrings, translate } from '../../i18n/translate';
import { zh } from '../../i18n/zh';
import { enGroups } from '../i18n/en.groups';
import { zhGroups } from '../i18n/zh.groups';
import { systemLines, systemText, type MetaLookup } from './systemLines';

registerDictionary('zh', zh);
registerStrings('en', enGroups);
registerStrings('zh', zhGroups);

const metaFrom =
  (events: ChatEvent[]): MetaLookup =>
  (id: EventId) => {
    const e = events.find((x) => eventIdOf(x.conv, x.author, x.seq) === id);
    return e?.type === 'group.meta' ? (e.body as GroupMetaBody) : null;
  };

function named(w: World) {
  return (id: PeerId) => w.people.find((p) => p.id === id)!.name;
}

describe('systemLines', () => {
  it('[GRP-12] one line per join, removal, role change, rename and announcement, in replay order', async () => {
    const w = await groupWorld(['owner', 'ann', 'bob', 'cat']);
    await w.write('owner', 'group.role', { member: w.person('ann').id, role: 'admin' });
    w.sync();
    await w.write('ann', 'group.meta', { name: 'Climbers' });
    await w.write('ann', 'group.meta', { announcement: 'Saturday 9:00' });
    await w.write('ann', 'group.nick', { nickname: 'Annie' });
    await removeAs(w, 'ann', 'cat');
    w.sync();
    await w.write('owner', 'group.role', { member: w.person('ann').id, role: 'member' });
    await w.write('bob', 'group.leave', {});
    w.sync();
    const f = w.fold();
    const name = named(w);
    const lines = systemLines(f, metaFrom(w.all())).map((l) => [
      l.kind,
      name(l.actor),
      l.member && name(l.member),
      l.name,
    ]);
    expect(lines).toEqual([
      ['created', 'owner', null, null],
      ['added', 'owner', 'ann', null],
      ['added', 'owner', 'bob', null],
      ['added', 'owner', 'cat', null],
      ['promoted', 'owner', 'ann', null],
      ['renamed', 'ann', null, 'Climbers'],
      ['announced', 'ann', null, null],
      ['removed', 'ann', 'cat', null],
      ['demoted', 'owner', 'ann', null],
      ['left', 'bob', null, null],
    ]);
  });

  it('[GRP-10] an owner who leaves without a successor: the senior admin takes over', async () => {
    const w = await groupWorld(['owner', 'm', 'admin'], ['admin']);
    await w.write('owner', 'group.leave', {});
    const lines = systemLines(w.fold()).slice(-2);
    const name = named(w);
    expect(lines.map((l) => [l.kind, name(l.actor), l.member && name(l.member)])).toEqual([
      ['left', 'owner', null],
      ['succeeded', 'owner', 'admin'],
    ]);
  });

  it('[GRP-8] void events make no line: a member cannot rename the group', async () => {
    const w = await groupWorld(['owner', 'm']);
    await w.write('m', 'group.meta', { name: 'Mine' });
    w.sync();
    await w.write('owner', 'group.transfer', { member: w.person('m').id });
    w.sync();
    await w.write('m', 'group.dissolve', {});
    const kinds = systemLines(w.fold(), metaFrom(w.all())).map((l) => l.kind);
    expect(kinds).toEqual(['created', 'added', 'transferred', 'dissolved']);
  });

  it('says only that the settings changed when the meta body is not at hand', async () => {
    const w = await groupWorld(['owner', 'm']);
    await w.write('owner', 'group.meta', { announcement: null });
    await w.write('owner', 'group.meta', { approval: true });
    expect(
      systemLines(w.fold(), metaFrom(w.all()))
        .slice(-2)
        .map((l) => l.kind),
    ).toEqual(['announcementCleared', 'meta']);
    expect(
      systemLines(w.fold())
        .slice(-2)
        .map((l) => l.kind),
    ).toEqual(['meta', 'meta']);
  });
});

describe('systemText', () => {
  it('[GRP-60] my own removal reads as such on my device, and as usual on the others', async () => {
    const w = await groupWorld(['owner', 'ann']);
    await removeAs(w, 'owner', 'ann');
    const line = systemLines(w.fold()).find((l) => l.kind === 'removed')!;
    const ann = w.person('ann').id;
    const nameOf = named(w);
    const mine = systemText(line, nameOf, ann);
    expect(translate('en', mine.key, mine.params)).toBe('You were removed from this group');
    expect(translate('zh', mine.key, mine.params)).toBe('你被移出了群聊');
    const theirs = systemText(line, nameOf, w.person('owner').id);
    expect(translate('en', theirs.key, theirs.params)).toBe('owner removed ann');
  });

  it('reads in English and in Chinese', async () => {
    const w = await groupWorld(['owner', 'ann']);
    await removeAs(w, 'owner', 'ann');
    await w.write('owner', 'group.meta', { name: 'Hikers' });
    const lines = systemLines(w.fold(), metaFrom(w.all()));
    const nameOf = (id: PeerId) => (id === w.person('owner').id ? 'Li' : 'Ann');
    const texts = (lang: 'en' | 'zh') =>
      lines.map((l) => {
        const { key, params } = systemText(l, nameOf);
        return translate(lang, key, params);
      });
    expect(texts('en')).toEqual([
      'Li created the group',
      'Li added Ann',
      'Li removed Ann',
      'Li renamed the group to “Hikers”',
    ]);
    expect(texts('zh')).toEqual([
      'Li创建了群聊',
      'Li邀请Ann加入了群聊',
      'Li将Ann移出了群聊',
      'Li将群名称改为“Hikers”',
    ]);
  });
});
