/**
 * Recording a voice message: tap to start, tap to stop and send, or
 * cancel. MediaRecorder with Opus in WebM where the browser has it. One
 * recording at a time; the microphone is released as soon as it ends.
 */
import { signal } from '@preact/signals';
import { systemClock, type TimerHandle } from '../../../lib/clock';
import type { ConversationId, EventId } from '../../../lib/ids';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { t } from '../../i18n';
import { voiceFileName } from './filesFormat';
import { sendVoice } from './filesSend';
import { notify } from './files';

const logger = log('ui:voice');

/** Recording formats in order of preference (Chromium and Firefox: WebM/Opus; Safari: MP4). */
const MIME_TYPES: readonly string[] = [
  'audio/webm;codecs=opus',
  'audio/ogg;codecs=opus',
  'audio/webm',
  'audio/mp4',
];
/** A recording stops and is sent by itself after this long. */
const MAX_VOICE_MS = 15 * 60 * 1000;
/** Shorter recordings are a slip of the finger: dropped, not sent. */
const MIN_VOICE_MS = 500;

/** Where the recorder is. */
export type VoiceState =
  | { kind: 'idle' }
  | { kind: 'starting'; conv: ConversationId }
  | { kind: 'recording'; conv: ConversationId; startedAt: number }
  /** The microphone was refused (the user can allow it and try again). */
  | { kind: 'denied'; conv: ConversationId }
  /** No microphone, or no MediaRecorder. */
  | { kind: 'unavailable'; conv: ConversationId };

export const voice = signal<VoiceState>({ kind: 'idle' });

interface Live {
  conv: ConversationId;
  startedAt: number;
  recorder: MediaRecorder;
  stream: MediaStream;
  chunks: Blob[];
  send: boolean;
  done: boolean;
  replyTo: EventId | undefined;
  limit: TimerHandle;
}
let live: Live | null = null;

function pickMime(): string {
  if (typeof MediaRecorder.isTypeSupported !== 'function') return '';
  return MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
}

function release(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

function finish(current: Live): void {
  if (current.done) return;
  current.done = true;
  const { conv, startedAt } = current;
  systemClock.clearTimeout(current.limit);
  release(current.stream);
  if (live === current) live = null;
  voice.value = { kind: 'idle' };
  if (!current.send) return;
  const duration = Date.now() - startedAt;
  const type = current.recorder.mimeType || current.chunks[0]?.type || 'audio/webm';
  const blob = new Blob(current.chunks, { type });
  if (duration < MIN_VOICE_MS || blob.size === 0) {
    void notify('info', () => t('files.voiceShort'));
    return;
  }
  sendVoice(conv, blob, voiceFileName(new Date(), type), duration, current.replyTo);
}

/** Ask for the microphone and start recording a voice message for `conv`. */
export async function startVoice(conv: ConversationId, replyTo?: EventId): Promise<void> {
  if (voice.peek().kind === 'starting' || voice.peek().kind === 'recording') return;
  if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    voice.value = { kind: 'unavailable', conv };
    return;
  }
  voice.value = { kind: 'starting', conv };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (err) {
    const denied =
      err instanceof DOMException &&
      (err.name === 'NotAllowedError' || err.name === 'SecurityError');
    logger.warn('no microphone', describeError(err));
    voice.value = { kind: denied ? 'denied' : 'unavailable', conv };
    return;
  }
  // Cancelled while the permission prompt was up.
  if (voice.peek().kind !== 'starting') {
    release(stream);
    return;
  }
  try {
    const mimeType = pickMime();
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const startedAt = Date.now();
    const current: Live = {
      conv,
      startedAt,
      recorder,
      stream,
      chunks: [],
      send: false,
      done: false,
      replyTo,
      limit: systemClock.setTimeout(() => stopVoice(), MAX_VOICE_MS),
    };
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) current.chunks.push(event.data);
    });
    recorder.addEventListener('stop', () => finish(current));
    recorder.start();
    live = current;
    voice.value = { kind: 'recording', conv, startedAt };
  } catch (err) {
    release(stream);
    logger.warn('could not record', describeError(err));
    voice.value = { kind: 'unavailable', conv };
  }
}

function end(send: boolean): void {
  const current = live;
  if (!current) {
    voice.value = { kind: 'idle' };
    return;
  }
  current.send = send;
  // 'stop' fires after the last 'dataavailable'; finish() runs there.
  if (current.recorder.state === 'inactive') finish(current);
  else current.recorder.stop();
}

/** Stop recording and send the voice message. */
export function stopVoice(): void {
  end(true);
}

/** Stop recording and throw it away (also: leaving the chat, closing a problem message). */
export function cancelVoice(): void {
  end(false);
}
