/**
 * The Plume IndexedDB schema (Dexie). src/db/ is the only importer of 'dexie';
 * the rest of the app uses repository functions. The database name is
 * injectable so each test gets a fresh database.
 *
 * Migrations: add a new `this.version(n)` block, never edit an old one. Later
 * issues add friends, conversations and events here.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { PeerId } from '../lib/ids';
import { log } from '../lib/log';

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

/** The Dexie database with Plume's versioned schema. */
export class PlumeDatabase extends Dexie {
  identity!: EntityTable<IdentityRow, 'key'>;
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name: string) {
    super(name);
    // v1 (issue 2): identity singleton and key/value settings.
    this.version(1).stores({
      identity: 'key',
      settings: 'key',
    });
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
