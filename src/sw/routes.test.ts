import { describe, expect, it } from 'vitest';
import { servesAppShell } from './routes';

describe('servesAppShell', () => {
  it('serves the shell for app paths', () => {
    for (const path of ['/', '/index.html', '/chats', '/add/x', '/peerjsx', '/turnip', '/wakey']) {
      expect(servesAppShell(path), path).toBe(true);
    }
  });

  it('[WAKE-1] never for signaling, TURN or wake endpoints', () => {
    const paths = ['/peerjs', '/peerjs/id', '/peerjs/peerjs', '/turn', '/turn/creds'];
    for (const path of [...paths, '/wake', '/wake/key', '/wake/subscription']) {
      expect(servesAppShell(path), path).toBe(false);
    }
  });
});
