import { describe, expect, it } from 'vitest';
import { base32Encode } from './base32';
import { base64urlEncode } from './base64url';
import {
  BACKUP_FORMAT,
  MAX_VERSION_AHEAD_MS,
  parseBackupPayload,
  type BackupPayload,
  type BackupPerson,
} from './backupPayload';
import type { PeerId } from './ids';
import { createReachToken } from './reach';

const NOW = 1_800_000_000_000;

function peerId(): PeerId {
  return base32Encode(crypto.getRandomValues(new Uint8Array(20))) as PeerId;
}

function key(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
}

function person(patch: Partial<BackupPerson> = {}): BackupPerson {
  return {
    id: peerId(),
    pub: key(),
    name: 'Bob',
    remark: null,
    avatar: null,
    statusLine: '',
    profileVersion: NOW - 1000,
    labels: [],
    state: 'friend',
    verified: false,
    blocked: false,
    lastSeen: null,
    notice: null,
    createdAt: 1,
    ...patch,
  };
}

function payload(patch: Partial<BackupPayload> = {}): BackupPayload {
  const bob = person();
  return {
    format: BACKUP_FORMAT,
    createdAt: NOW,
    identity: { id: peerId(), pub: key(), pkcs8: key(), displayName: 'Ada', createdAt: 1 },
    profile: { name: 'Ada', avatar: null, statusLine: 'hi', version: NOW - 5000 },
    people: [bob],
    invites: [],
    outbox: [{ to: bob.id, frame: { type: 'FRIEND_REMOVED' }, createdAt: 2 }],
    settings: [],
    ...patch,
  };
}

/** A JSON round trip, as the file gives it. */
function parse(value: BackupPayload): BackupPayload | null {
  return parseBackupPayload(JSON.parse(JSON.stringify(value)), NOW);
}

describe('backup payload content [BAK-10]', () => {
  it('[BAK-10] accepts a well-formed payload unchanged', () => {
    const good = payload();
    expect(parse(good)).toEqual(good);
  });

  it('[BAK-10][INV-5] cleans names, remarks, labels and status lines of control and bidi characters', () => {
    const dirty = person({
      name: 'Bo\u202Eb\u0007',
      remark: '\u2066Boss\u2069',
      statusLine: 'a\u0000b',
      labels: ['wo\u202Ark', '\u0008', 'work'],
    });
    const file = payload({
      identity: { ...payload().identity, displayName: 'A\u202Eda' },
      profile: { name: '\u2067Ada', avatar: null, statusLine: 'x\u001By', version: 1 },
      people: [dirty],
      outbox: [],
    });
    const parsed = parse(file)!;
    expect(parsed.people[0]).toMatchObject({
      name: 'Bob',
      remark: 'Boss',
      statusLine: 'ab',
      labels: ['work'],
    });
    expect(parsed.identity.displayName).toBe('Ada');
    expect(parsed.profile).toMatchObject({ name: 'Ada', statusLine: 'xy' });
  });

  it('[BAK-10] refuses an outbox entry for someone who is not a stored person', () => {
    const file = payload();
    file.outbox.push({ to: peerId(), frame: { type: 'FRIEND_REMOVED' }, createdAt: 3 });
    expect(parse(file)).toBeNull();
  });

  it('[BAK-10][FR-6] refuses profile versions more than a day ahead of now', () => {
    const ahead = NOW + MAX_VERSION_AHEAD_MS + 1;
    const mine = payload();
    expect(parse({ ...mine, profile: { ...mine.profile!, version: ahead } })).toBeNull();
    const theirs = person({ profileVersion: ahead });
    expect(parse(payload({ people: [theirs], outbox: [] }))).toBeNull();
    const edge = person({ profileVersion: NOW + MAX_VERSION_AHEAD_MS });
    expect(parse(payload({ people: [edge], outbox: [] }))).not.toBeNull();
  });

  it('[BAK-10][SIG-REACH-1] carries both reach tokens; a token of the wrong shape is corrupt', () => {
    const withTokens = person({ reachGiven: createReachToken(), reachHeld: createReachToken() });
    const file = payload({ people: [withTokens], outbox: [] });
    expect(parse(file)!.people[0]).toEqual(withTokens);
    for (const bad of ['short', 42, `${createReachToken()}=`, null]) {
      const broken = person({ reachHeld: bad as string });
      expect(parse(payload({ people: [broken], outbox: [] }))).toBeNull();
    }
  });
});
