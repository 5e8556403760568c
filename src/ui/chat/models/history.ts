/**
 * A live, paged window on one chat: the newest page first, older pages on
 * demand, kept up to date as the conversation changes. Reads go through
 * `[conv+lamport+author]`, so opening a chat costs the same with 100 or
 * 100,000 events. Spec: docs/protocol.md [CHAT-8].
 *
 * Live updates read nothing: a store hands over the message rows it wrote,
 * which are merged in where they belong (historyRefresh.ts); rows above the
 * window, and changes to the conversation's row only (read state, pin), are
 * left alone, and a status mark moving updates the views of my messages from
 * the marks. Only a change that came without its rows (a backlog, a message
 * hidden) reads the window again. Changes that arrive while a task is queued
 * join it, and a message whose view did not change keeps its MessageView
 * object, so its row is not rendered again.
 */
import { signal } from '@preact/signals';
import type { MessageRow } from '../../../db/chatRows';
import { getConv } from '../../../db/convsRepo';
import { getDb } from '../../../db/db';
import { getMessage, getMessages, pageBefore, pageFrom } from '../../../db/messagesRepo';
import { describeError } from '../../../lib/errors';
import type { ConversationId, EventId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { mark } from '../../../lib/marks';
import { marksOf, type StatusMarks } from '../../../peers/sync/StatusBook';
import { myId, onChat, statusMarks } from './chatFeed';
import {
  joinRefresh,
  mergeRows,
  refreshAll,
  refreshWith,
  touches,
  type Refresh,
  type WindowRange,
} from './historyRefresh';
import type { HistoryHandle, MessageView } from './messages';
import { sameView, statusOf, viewOf } from './messageViews';
import { readReceipts } from '../../shell/models/settings';
import { SerialQueue } from '../../../lib/serialQueue';

const logger = log('ui:history');

/** Messages per page. */
export const PAGE_SIZE = 50;

/** See {@link HistoryHandle}. */
export class HistoryWindow implements HistoryHandle {
  readonly messages = signal<MessageView[]>([]);
  readonly hasOlder = signal(true);
  readonly loading = signal(false);
  readonly #conv: ConversationId;
  readonly #off: () => void;
  #rows: MessageRow[] = [];
  /** Messages my rows quote that are not among them (reply previews), by id. */
  #quoted = new Map<EventId, MessageRow>();
  /** The first page was read: from then on, changes are read where they fall. */
  #loaded = false;
  readonly #queue = new SerialQueue();
  /** Tasks queued or running (a page being read may predate a change). */
  #running = 0;
  /** A queued read that has not started yet: later changes join it. */
  #pending: { refresh: Refresh; done: Promise<void> } | null = null;
  /** The views last published, by id, for reuse. */
  #views = new Map<EventId, MessageView>();
  /** [SYNC-8] The marks the status of my messages comes from (null: not read yet). */
  #marks: StatusMarks | null = null;
  /** Status notifications seen so far: one during a read of the row is newer than the row. */
  #marksSeen = 0;
  #closed = false;

  constructor(conv: ConversationId) {
    this.#conv = conv;
    const offs = [
      onChat('changed', (c, events) => {
        if (c === conv) this.#changed(events);
      }),
      onChat('status', (c, marks) => {
        if (c === conv) this.#showMarks(marks);
      }),
    ];
    this.#off = () => offs.forEach((off) => off());
    void this.#request(refreshAll());
  }

  loadOlder(): Promise<void> {
    return this.#run(true, async () => {
      if (!this.hasOlder.peek()) return;
      const oldest = this.#rows[0] ?? null;
      const page = await pageBefore(getDb(), this.#conv, oldest, PAGE_SIZE);
      this.hasOlder.value = page.length === PAGE_SIZE;
      this.#rows = [...page, ...this.#rows];
      await this.#publish();
    });
  }

  async reveal(id: EventId): Promise<boolean> {
    let found = false;
    await this.#run(true, async () => {
      if (this.#rows.some((r) => r.id === id)) return void (found = true);
      const target = await getMessage(getDb(), id);
      if (!target || target.conv !== this.#conv || target.hidden) return;
      // Load from the target to the newest, plus one page of context before it.
      const before = await pageBefore(getDb(), this.#conv, target, PAGE_SIZE);
      this.#rows = [...before, ...(await pageFrom(getDb(), this.#conv, target))];
      this.hasOlder.value = before.length === PAGE_SIZE;
      await this.#publish();
      found = true;
    });
    return found;
  }

  close(): void {
    this.#closed = true;
    this.#off();
  }

  /**
   * Messages of the chat changed: `written` are the rows (undefined: read
   * everything again). While a page is being read, rows it may hold in their
   * older version are merged in after it, whether they touch the window now
   * or not.
   */
  #changed(written: readonly MessageRow[] | undefined): void {
    if (!written || !this.#loaded) return void this.#request(refreshAll());
    if (this.#running > 0 || touches(written, this.#range()))
      void this.#request(refreshWith(written));
  }

  /** What the window shows now. */
  #range(): WindowRange {
    return {
      rows: this.#rows,
      hasOlder: this.hasOlder.peek(),
      shows: (id) => this.#views.has(id) || this.#quoted.has(id),
    };
  }

  /**
   * Queue a read unless one is already waiting to start, which then reads
   * this too: any number of changes while a read runs cost one more read.
   */
  #request(refresh: Refresh): Promise<void> {
    if (this.#pending) {
      joinRefresh(this.#pending.refresh, refresh);
      return this.#pending.done;
    }
    const pending = { refresh, done: Promise.resolve() };
    pending.done = this.#run(!this.#loaded, () => {
      // From here on, a new change needs a new read (this one may miss it).
      if (this.#pending === pending) this.#pending = null;
      return this.#refresh(pending.refresh);
    });
    this.#pending = pending;
    // Also clear it when the task was skipped (closed) or failed before starting.
    void pending.done.finally(() => {
      if (this.#pending === pending) this.#pending = null;
    });
    return pending.done;
  }

  /**
   * Run loads one at a time; failures are logged, never thrown at the UI.
   * `loading` is shown for reads someone waits for (the first page, older
   * pages), not for live updates.
   */
  #run(loading: boolean, task: () => Promise<void>): Promise<void> {
    this.#running++;
    const done = this.#queue.push(
      async () => {
        if (this.#closed) return;
        if (loading) this.loading.value = true;
        try {
          await task();
        } finally {
          if (loading) this.loading.value = false;
        }
      },
      (err) => logger.error('could not read the chat', describeError(err)),
    );
    void done.finally(() => this.#running--);
    return done;
  }

  async #refresh(refresh: Refresh): Promise<void> {
    if (refresh.all || !this.#loaded) return this.#reload();
    this.#rows = mergeRows(this.#range(), refresh.rows);
    for (const [id, row] of refresh.rows) if (this.#quoted.has(id)) this.#quoted.set(id, row);
    await this.#publish();
  }

  /** Everything again: from the oldest loaded row, or the newest page the first time. */
  async #reload(): Promise<void> {
    const oldest = this.#rows[0];
    if (oldest) {
      this.#rows = await pageFrom(getDb(), this.#conv, oldest);
    } else {
      this.#rows = await pageBefore(getDb(), this.#conv, null, PAGE_SIZE);
      this.hasOlder.value = this.#rows.length === PAGE_SIZE;
    }
    this.#quoted.clear();
    await this.#readMarks();
    this.#loaded = true;
    await this.#publish();
  }

  /**
   * [SYNC-8] The status marks moved: only my messages whose status changed get
   * a new view; nothing is read again.
   */
  #showMarks(marks: StatusMarks): void {
    this.#marks = marks;
    this.#marksSeen++;
    const me = myId();
    if (!me || this.#closed) return;
    const showRead = readReceipts.peek();
    let changed = false;
    const next = this.messages.peek().map((view) => {
      if (!view.mine) return view;
      const status = statusOf(view, marks, showRead);
      if (status === view.status) return view;
      changed = true;
      const fresh = { ...view, status };
      this.#views.set(view.id, fresh);
      return fresh;
    });
    if (!changed) return;
    mark('published', { conv: this.#conv });
    this.messages.value = next;
  }

  /**
   * The marks to show: the running sync engine's when it knows them (no read),
   * else the conversation row's (on a full read only: without an engine they
   * do not move).
   */
  async #readMarks(): Promise<void> {
    if (statusMarks(this.#conv)) return;
    const seen = this.#marksSeen;
    const row = await getConv(getDb(), this.#conv);
    if (row && this.#marksSeen === seen) this.#marks = marksOf(row);
  }

  /** Views of the rows, reusing those that did not change; published when any did. */
  async #publish(): Promise<void> {
    const me = myId();
    if (!me || this.#closed) return;
    const replies = new Map<EventId, MessageRow>();
    for (const row of this.#rows) replies.set(row.id, row);
    const quoted = new Map<EventId, MessageRow>();
    const missing: EventId[] = [];
    for (const row of this.#rows) {
      if (!row.replyTo || replies.has(row.replyTo) || quoted.has(row.replyTo)) continue;
      const known = this.#quoted.get(row.replyTo);
      if (known) quoted.set(row.replyTo, known);
      else missing.push(row.replyTo);
    }
    if (missing.length > 0)
      for (const row of await getMessages(getDb(), missing)) quoted.set(row.id, row);
    this.#quoted = quoted;
    for (const [id, row] of quoted) replies.set(id, row);
    const marks = statusMarks(this.#conv) ?? this.#marks;
    const showRead = readReceipts.peek();
    const before = this.messages.peek();
    const views = new Map<EventId, MessageView>();
    const next = this.#rows.map((r) => {
      const fresh = viewOf(r, marks, me, showRead, replies);
      const old = this.#views.get(r.id);
      const view = old && sameView(old, fresh) ? old : fresh;
      views.set(r.id, view);
      return view;
    });
    this.#views = views;
    // Nothing changed (a mark on another message, an edit of a row it does not show…).
    if (next.length === before.length && next.every((v, i) => v === before[i])) return;
    mark('published', { conv: this.#conv });
    this.messages.value = next;
  }
}
