import { describe, expect, it } from 'vitest';
import {
  IdentityError,
  SignalingError,
  StorageError,
  TransportError,
  describeError,
  isBenignTeardown,
} from './errors';

describe('error classes', () => {
  it('carry a stable name, a reason and the mapped message', () => {
    const err = new TransportError('peerUnavailable', { detail: 'abc' });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('TransportError');
    expect(err.reason).toBe('peerUnavailable');
    expect(err.message).toBe('the peer is not online: abc');
    const cause = new Error('inner');
    expect(new StorageError('quota', { cause }).cause).toBe(cause);
    expect(new SignalingError('idTaken').name).toBe('SignalingError');
    expect(new IdentityError('invalidName').name).toBe('IdentityError');
  });
});

describe('isBenignTeardown', () => {
  it('treats a peer going away as benign', () => {
    expect(isBenignTeardown(new TransportError('peerUnavailable'))).toBe(true);
    expect(isBenignTeardown(new TransportError('closed'))).toBe(true);
    expect(isBenignTeardown(new TransportError('destroyed'))).toBe(true);
    expect(isBenignTeardown(new TransportError('offline'))).toBe(true);
    expect(isBenignTeardown(new DOMException('aborted', 'AbortError'))).toBe(true);
  });

  it('recognises browser and peerjs teardown shapes', () => {
    const rtcClose = Object.assign(new Error('User-Initiated Abort, reason=Close called'), {
      name: 'OperationError',
      errorDetail: 'sctp-failure',
    });
    expect(isBenignTeardown(rtcClose)).toBe(true);
    expect(isBenignTeardown(Object.assign(new Error('x'), { type: 'peer-unavailable' }))).toBe(
      true,
    );
    expect(isBenignTeardown(Object.assign(new Error('x'), { type: 'connection-closed' }))).toBe(
      true,
    );
    expect(isBenignTeardown(new Error('Connection is not open. You should listen for…'))).toBe(
      true,
    );
  });

  it('treats real failures as real', () => {
    expect(isBenignTeardown(new TransportError('negotiation'))).toBe(false);
    expect(isBenignTeardown(new TransportError('timeout'))).toBe(false);
    expect(isBenignTeardown(new TransportError('bufferFull'))).toBe(false);
    expect(isBenignTeardown(new SignalingError('idTaken'))).toBe(false);
    expect(isBenignTeardown(new StorageError('quota'))).toBe(false);
    expect(isBenignTeardown(new IdentityError('unsupported'))).toBe(false);
    const dtls = Object.assign(new Error('User-Initiated Abort'), {
      name: 'OperationError',
      errorDetail: 'dtls-failure',
    });
    expect(isBenignTeardown(dtls)).toBe(false);
    expect(isBenignTeardown(Object.assign(new Error('x'), { type: 'server-error' }))).toBe(false);
    expect(isBenignTeardown(new TypeError('undefined is not a function'))).toBe(false);
  });

  it('never throws on odd input', () => {
    for (const value of [null, undefined, 0, 'closed', {}, [], Symbol('x'), () => 1]) {
      expect(isBenignTeardown(value)).toBe(false);
    }
  });
});

describe('describeError', () => {
  it('formats errors, strings and objects', () => {
    expect(describeError(new TransportError('closed'))).toBe(
      'TransportError: the connection was closed',
    );
    expect(describeError('plain')).toBe('plain');
    expect(describeError({ a: 1 })).toBe('{"a":1}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeError(cyclic)).toBe('[object Object]');
  });
});
