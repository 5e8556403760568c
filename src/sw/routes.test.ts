import { describe, expect, it } from 'vitest';
import { servesAppShell } from './routes';

describe('servesAppShell', () => {
  it('serves the shell for app paths', () => {
    for (const path of ['/', '/index.html', '/chats', '/add/x', '/peerjsx', '/turnip']) {
      expect(servesAppShell(path), path).toBe(true);
    }
  });

  it('never for signaling or TURN endpoints', () => {
    for (const path of ['/peerjs', '/peerjs/id', '/peerjs/peerjs', '/turn', '/turn/creds']) {
      expect(servesAppShell(path), path).toBe(false);
    }
  });
});
