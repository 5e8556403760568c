/**
 * A live, paged window on one chat: the newest page first, older pages on
 * demand, re-read whenever the conversation changes (new events, edits,
 * delivery marks). Reads go through `[conv+lamport+author]`, so opening a chat
 * costs the same with 100 or 100,000 events. Spec: docs/protocol.md [CHAT-8].
 *
 * Live updates are cheap: a burst of change notifications becomes one re-read
 * (at most one running, one pending), and a message whose view did not change
 * keeps its MessageView object, so its row is not re-rendered.
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
  readonly #queue = new SerialQueue();
  /** A queued reload that has not started yet: later changes join it. */
  #pendingReload: Promise<void> | null = null;
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
      onChat('changed', (c) => {
        if (c === conv) void this.#requestReload();
      }),
      onChat('status', (c, marks) => {
        if (c === conv) this.#showMarks(marks);
      }),
    ];
    this.#off = () => offs.forEach((off) => off());
    void this.#requestReload();
  }

  loadOlder(): Promise<void> {
    return this.#run(async () => {
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
    await this.#run(async () => {
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
   * Queue a re-read unless one is already waiting to start: any number of
   * changes while a read runs cost one more read, not one each.
   */
  #requestReload(): Promise<void> {
    if (this.#pendingReload) return this.#pendingReload;
    const pending = this.#run(() => {
      // From here on, a new change needs a new read (this one may miss it).
      this.#pendingReload = null;
      return this.#reload();
    });
    this.#pendingReload = pending;
    // Also clear it when the task was skipped (closed) or failed before starting.
    void pending.finally(() => {
      if (this.#pendingReload === pending) this.#pendingReload = null;
    });
    return pending;
  }

  /** Run loads one at a time; failures are logged, never thrown at the UI. */
  #run(task: () => Promise<void>): Promise<void> {
    return this.#queue.push(
      async () => {
        if (this.#closed) return;
        this.loading.value = true;
        try {
          await task();
        } finally {
          this.loading.value = false;
        }
      },
      (err) => logger.error('could not read the chat', describeError(err)),
    );
  }

  async #reload(): Promise<void> {
    const oldest = this.#rows[0];
    if (oldest) {
      this.#rows = await pageFrom(getDb(), this.#conv, oldest);
    } else {
      this.#rows = await pageBefore(getDb(), this.#conv, null, PAGE_SIZE);
      this.hasOlder.value = this.#rows.length === PAGE_SIZE;
    }
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
   * else the conversation row's.
   */
  async #marksNow(): Promise<StatusMarks | null> {
    const live = statusMarks(this.#conv);
    if (live) return (this.#marks = live);
    const seen = this.#marksSeen;
    const row = await getConv(getDb(), this.#conv);
    if (row && this.#marksSeen === seen) this.#marks = marksOf(row);
    return this.#marks;
  }

  async #publish(): Promise<void> {
    const me = myId();
    if (!me || this.#closed) return;
    await this.#marksNow();
    const replyIds = this.#rows.flatMap((r) => (r.replyTo ? [r.replyTo] : []));
    const replies = new Map<EventId, MessageRow>();
    for (const row of this.#rows) replies.set(row.id, row);
    const missing = replyIds.filter((id) => !replies.has(id));
    if (missing.length > 0)
      for (const row of await getMessages(getDb(), missing)) replies.set(row.id, row);
    const showRead = readReceipts.peek();
    const before = this.messages.peek();
    const views = new Map<EventId, MessageView>();
    const next = this.#rows.map((r) => {
      const fresh = viewOf(r, this.#marks, me, showRead, replies);
      const old = this.#views.get(r.id);
      const view = old && sameView(old, fresh) ? old : fresh;
      views.set(r.id, view);
      return view;
    });
    this.#views = views;
    // Nothing changed (a mark on another message, a draft, a pin…): keep the list.
    if (next.length === before.length && next.every((v, i) => v === before[i])) return;
    mark('published', { conv: this.#conv });
    this.messages.value = next;
  }
}
