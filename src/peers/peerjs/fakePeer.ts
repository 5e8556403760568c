/**
 * Just enough of a peerjs 1.5 Peer to drive the adapter's signaling logic in unit tests,
 * including the internals the adapter reaches into: `_handleMessage` (screened by
 * serverMessageGuard.ts), `getConnection`, and the raw WebSocket under `socket._socket`
 * (probed by SocketProbe.ts).
 */
import type { PeerOptions } from 'peerjs';
import type { ChannelMetadata } from '../transport';
import { FakeMediaConnection } from './fakeMediaConnection';

type Listener = (...args: unknown[]) => void;

/** The signaling WebSocket: records what is sent, replays what the server says. */
export class FakeSocket {
  readyState = 1;
  readonly sent: string[] = [];
  #listeners = new Set<() => void>();
  send(text: string): void {
    this.sent.push(text);
  }
  addEventListener(_type: 'message', listener: () => void): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: () => void): void {
    this.#listeners.delete(listener);
  }
  /** The server sends a frame (the heartbeat's empty answer, say). */
  receive(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

/** A fake Peer. */
export class FakePeer {
  listeners = new Map<string, Listener[]>();
  disconnected = false;
  destroyed = false;
  reconnects = 0;
  /** Server messages that got through to "PeerJS". */
  readonly handled: unknown[] = [];
  /** Make `_handleMessage` throw, as stock PeerJS does on some malformed payloads. */
  throwOnMessage = false;
  /** Make `destroy` throw halfway, as stock PeerJS does with junk in its connection list. */
  throwOnDestroy = false;
  /** Connection ids PeerJS holds, per remote peer. */
  readonly held = new Map<string, Set<string>>();
  /** peerjs's Socket: `send` JSON-encodes a client frame onto the WebSocket while it is open. */
  readonly socket = {
    _socket: new FakeSocket(),
    send(frame: object): void {
      if (this._socket.readyState === 1) this._socket.send(JSON.stringify(frame));
    },
  };
  /** The serializer names stock peerjs 1.5 knows. */
  readonly _serializers: Record<string, unknown> = {
    raw: {},
    json: {},
    binary: {},
    'binary-utf8': {},
    default: {},
  };
  readonly calls: FakeMediaConnection[] = [];

  constructor(
    readonly id: string,
    readonly options: PeerOptions,
  ) {}
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  fail(type: string, message = type): void {
    this.emit('error', Object.assign(new Error(message), { type }));
  }
  /** What the socket listener of a real Peer calls for each server message. */
  _handleMessage(message: unknown): void {
    if (this.throwOnMessage)
      throw new TypeError("Cannot read properties of undefined (reading 'connectionId')");
    this.handled.push(message);
  }
  getConnection(peer: string, connectionId: string): object | null {
    return this.held.get(peer)?.has(connectionId) ? {} : null;
  }
  /** The server relays `message` to us; it goes through whatever wraps `_handleMessage`. */
  serverSends(message: unknown): void {
    this._handleMessage(message);
  }
  /** The options of every `connect`, in order. */
  readonly dials: { peer: string; metadata: unknown }[] = [];
  connect(peer: string, options: { metadata: unknown }): undefined {
    this.dials.push({ peer, metadata: options.metadata });
    return undefined;
  }
  call(peer: string, stream: MediaStream, options: { metadata: ChannelMetadata }) {
    const conn = new FakeMediaConnection(peer, `mc_${this.calls.length}`, options.metadata, stream);
    this.calls.push(conn);
    return conn;
  }
  disconnect(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.socket._socket.readyState = 3;
    this.emit('disconnected', this.id);
  }
  reconnect(): void {
    this.disconnected = false;
    this.socket._socket = new FakeSocket();
    this.reconnects++;
  }
  destroy(): void {
    this.disconnect();
    if (this.throwOnDestroy) throw new TypeError('e.close is not a function');
    this.destroyed = true;
    this.emit('close');
  }
}
