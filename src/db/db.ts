/**
 * The Plume IndexedDB schema (Dexie). src/db/ is the only importer of 'dexie';
 * the rest of the app uses repository functions. The database name is
 * injectable so each test gets a fresh database.
 *
 * Migrations: add a new `this.version(n)` block, never edit an old one.
 */
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { PeerId } from '../lib/ids';
import type { InviteRecord } from '../lib/invite';
import { log } from '../lib/log';
import type { OutboxEntry, PersonRecord } from '../lib/people';
import type { ConvRow, DraftRow, EventRow, MessageRow, PostingRow } from './chatRows';
import type { GroupRow } from './groupRows';
import type { GroupMarkRow } from './groupMarks';
import type { FileChunkRow, FileHashRow, FileRow, FileScanRow, FileUploadRow } from './filesRepo';
import {
  SCHEMA_V9,
  type MomentCommentRow,
  type MomentEventRow,
  type MomentLikeRow,
  type MomentMediaRow,
  type MomentMetaRow,
  type MomentNoteRow,
  type MomentPostRow,
  type MomentUnseenRow,
  type MomentWindowRow,
} from './momentsRows';

const logger = log('db');

/** Default database name in the browser. */
export const DB_NAME = 'plume';

/** The fixed primary key of the single identity row. */
export const IDENTITY_KEY = 'self';

/**
 * The local identity, stored once per install. The CryptoKeys are stored as
 * CryptoKey objects (IndexedDB structured-clones them; so does fake-indexeddb
 * on Node 20), so the raw private key never has to pass through JS strings.
 */
export interface IdentityRow {
  key: typeof IDENTITY_KEY;
  id: PeerId;
  displayName: string;
  createdAt: number;
  /** Raw 32-byte Ed25519 public key (goes into tokens, HELLO, invites). */
  publicKeyRaw: Uint8Array;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** One setting; values are validated on read (src/db/settings.ts). */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** The fixed primary key of the single profile row. */
export const PROFILE_KEY = 'self';

/**
 * My profile as friends see it, besides the display name (which lives in the
 * identity row). `name` is the display name at the last version bump, so a
 * rename made elsewhere is noticed and bumps the version (src/db/profileRepo.ts).
 */
export interface ProfileRow {
  key: typeof PROFILE_KEY;
  name: string;
  avatar: string | null;
  statusLine: string;
  version: number;
}

/** A person, keyed by PeerId (src/lib/people.ts). */
export type PersonRow = PersonRecord;
/** An invite this install made, keyed by its secret. */
export type InviteRow = InviteRecord;
/** A frame waiting for its peer's next session; `seq` is auto-incremented. */
export type OutboxRow = OutboxEntry;

/** v1: identity singleton and key/value settings. Never edit. */
export const SCHEMA_V1 = { identity: 'key', settings: 'key' } as const;
/** v2: people, invites, outbox and my profile. Never edit. */
export const SCHEMA_V2 = {
  people: 'id, state',
  invites: 'secret, createdAt',
  outbox: '++seq, to',
  profile: 'key',
} as const;

/**
 * v3: chat. `events` holds the signed per-author logs; `messages`
 * (folded view, paged newest-first by `[conv+lamport+author]`), `convs`,
 * `postings` (search) are derived in the same transactions; `drafts` is local.
 * New tables only, so no data moves. Never edit.
 */
export const SCHEMA_V3 = {
  events: '[conv+author+seq], [conv+lamport+author], target',
  messages: 'id, [conv+lamport+author]',
  convs: 'conv, lastActivity',
  drafts: 'conv',
  postings: '[t+ts+id], [t+c+ts]',
} as const;

/**
 * v4: files. `files` holds one record per file event on this device
 * (state, stored prefix, hasher state, direction); `fileChunks` the bytes as
 * Blobs keyed by the record's storage key and chunk index; `fileHashes` the
 * per-chunk SHA-256 manifest in pages; `fileUploads` files being prepared
 * (no event yet), so an interrupted prepare is cleaned up; `fileScan` how far
 * each author's log was searched for file events. New tables only. Never edit.
 */
export const SCHEMA_V4 = {
  files: 'id, conv, [peer+state]',
  fileChunks: '[key+index]',
  fileHashes: '[key+page]',
  fileUploads: 'key',
  fileScan: '[conv+author]',
} as const;

/**
 * v5: groups. `events` gains the `control` index (only group control events carry the field,
 * so direct events add no index entries); `groups` holds each group's folded roster ([GRP-18]).
 * No data moves: no event stored before v5 is a group's. Never edit.
 */
export const SCHEMA_V5 = {
  events: '[conv+author+seq], [conv+lamport+author], target, control',
  groups: 'conv',
} as const;

/**
 * v6: group read marks. `groupMarks` holds one signed mark per member per group, the highest
 * ([GRP-52]), so "Read by N" costs one row per member, whatever the group's length. New table
 * only. Never edit.
 */
export const SCHEMA_V6 = {
  groupMarks: '[conv+member]',
} as const;

/**
 * v1 → v2: seed my profile row from the identity, so a profile exists from the
 * first start of the new version (version 0: friends hold the name already).
 */
async function upgradeToV2(tx: Transaction): Promise<void> {
  const identity = (await tx.table('identity').get(IDENTITY_KEY)) as IdentityRow | undefined;
  if (!identity) return;
  const row: ProfileRow = {
    key: PROFILE_KEY,
    name: identity.displayName,
    avatar: null,
    statusLine: '',
    version: 0,
  };
  await tx.table('profile').put(row);
}

/** The Dexie database with Plume's versioned schema. */
export class PlumeDatabase extends Dexie {
  identity!: EntityTable<IdentityRow, 'key'>;
  settings!: EntityTable<SettingRow, 'key'>;
  people!: EntityTable<PersonRow, 'id'>;
  invites!: EntityTable<InviteRow, 'secret'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  profile!: EntityTable<ProfileRow, 'key'>;
  events!: Table<EventRow, [string, string, number]>;
  messages!: EntityTable<MessageRow, 'id'>;
  convs!: EntityTable<ConvRow, 'conv'>;
  drafts!: EntityTable<DraftRow, 'conv'>;
  postings!: Table<PostingRow, [string, number, string]>;
  files!: EntityTable<FileRow, 'id'>;
  fileChunks!: Table<FileChunkRow, [string, number]>;
  fileHashes!: Table<FileHashRow, [string, number]>;
  fileUploads!: EntityTable<FileUploadRow, 'key'>;
  fileScan!: Table<FileScanRow, [string, string]>;
  groups!: EntityTable<GroupRow, 'conv'>;
  groupMarks!: Table<GroupMarkRow, [string, string]>;
  momEvents!: Table<MomentEventRow, [string, string, number]>;
  momPosts!: EntityTable<MomentPostRow, 'key'>;
  momLikes!: EntityTable<MomentLikeRow, 'key'>;
  momComments!: EntityTable<MomentCommentRow, 'key'>;
  momWindows!: EntityTable<MomentWindowRow, 'author'>;
  momUnseen!: EntityTable<MomentUnseenRow, 'key'>;
  momNotes!: EntityTable<MomentNoteRow, 'id'>;
  momMedia!: Table<MomentMediaRow, [string, number]>;
  momMeta!: EntityTable<MomentMetaRow, 'key'>;

  constructor(name: string) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
    this.version(5).stores(SCHEMA_V5);
    this.version(6).stores(SCHEMA_V6);
    this.version(9).stores(SCHEMA_V9);
    this.on('blocked', () => logger.warn('open blocked by another tab holding an older version'));
    this.on('versionchange', () => {
      // Dexie closes this connection so the other tab's upgrade can proceed;
      // later operations fail with DatabaseClosedError → StorageError('closed').
      logger.warn('database upgraded by another tab; this tab should reload');
    });
  }
}

let current: PlumeDatabase | null = null;
let currentName = DB_NAME;

/** The shared database, opened lazily on first use. */
export function getDb(): PlumeDatabase {
  current ??= new PlumeDatabase(currentName);
  return current;
}

/**
 * Switch to another database name (tests use a fresh name per test). Closes
 * the previous connection.
 */
export function useDatabase(name: string): PlumeDatabase {
  current?.close();
  currentName = name;
  current = new PlumeDatabase(name);
  return current;
}

/** Close the shared connection (tests, identity wipe). */
export function closeDb(): void {
  current?.close();
  current = null;
}
