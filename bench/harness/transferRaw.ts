/**
 * The transfer baseline: one plain RTCDataChannel between the two bench pages, signalled by hand
 * (offer and answer with every ICE candidate inside), sending the same Blob in messages of the
 * same size as Plume's chunks, with the same backpressure as Plume's sender (its gentle start,
 * then pause above its high-water mark and go on at `bufferedamountlow` below its low-water mark;
 * the numbers are passed in). The receiver only counts bytes. No Plume code runs on this path.
 */

/**
 * When the sender pauses (bufferedAmount at or above `high`) and goes on (at or below `low`);
 * the first `gentle` bytes go one message at a time (only into an empty buffer).
 */
export interface Backpressure {
  high: number;
  low: number;
  gentle: number;
}
import { RawSink } from './rawSink';

/** Slices of the Blob read ahead of the one being sent. */
const READ_AHEAD = 8;

interface RawState {
  pc: RTCPeerConnection;
  dc?: RTCDataChannel;
  received?: Promise<RawReceived>;
}

/** What the baseline receiver saw: first and last message, bytes, and [ms, bytes] every ~250 ms. */
export interface RawReceived {
  firstAt: number;
  lastAt: number;
  bytes: number;
  timeline: [number, number][];
  /** With `work`: the streaming SHA-256 of what arrived. */
  sha256?: string;
}

let state: RawState | null = null;

async function gathered(pc: RTCPeerConnection): Promise<string> {
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
  });
  return pc.localDescription!.sdp;
}

/** Sender: make the offer (resolves once ICE gathering is complete). */
export async function rawOffer(): Promise<string> {
  const pc = new RTCPeerConnection({ iceServers: [] });
  const dc = pc.createDataChannel('bench-raw', { ordered: true });
  dc.binaryType = 'arraybuffer';
  state = { pc, dc };
  await pc.setLocalDescription(await pc.createOffer());
  return gathered(pc);
}

/**
 * Receiver: answer, and count what arrives until `expected` bytes are in; with `work`, also do
 * what any receiver must (rawSink.ts), and the last message counts once that is done.
 */
export async function rawAnswer(offerSdp: string, expected: number, work = false): Promise<string> {
  const pc = new RTCPeerConnection({ iceServers: [] });
  const sink = work ? await RawSink.open() : null;
  const received = new Promise<RawReceived>((resolve) => {
    pc.addEventListener('datachannel', (event) => {
      const dc = event.channel;
      dc.binaryType = 'arraybuffer';
      let bytes = 0;
      let firstAt = 0;
      const timeline: [number, number][] = [];
      dc.addEventListener('message', (msg: MessageEvent<ArrayBuffer>) => {
        const now = performance.now();
        if (bytes === 0) firstAt = now;
        bytes += msg.data.byteLength;
        sink?.take(new Uint8Array(msg.data));
        const last = timeline.at(-1);
        if (!last || now - firstAt - last[0] >= 250) {
          timeline.push([Math.round(now - firstAt), bytes]);
        }
        if (bytes < expected) return;
        if (!sink) return resolve({ firstAt, lastAt: now, bytes, timeline });
        void sink.finish().then((sha256) => {
          const lastAt = performance.now();
          resolve({ firstAt, lastAt, bytes, timeline, sha256 });
        });
      });
    });
  });
  state = { pc, received };
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  await pc.setLocalDescription(await pc.createAnswer());
  return gathered(pc);
}

/** Receiver: when the last byte arrived. */
export function rawReceived(): Promise<RawReceived> {
  if (!state?.received) throw new Error('rawAnswer() first');
  return state.received;
}

/** Sender: take the answer, wait for the channel, send all of `blob`. */
export async function rawSend(
  blob: Blob,
  answerSdp: string,
  messageBytes: number,
  backpressure: Backpressure,
): Promise<{ sendMs: number; messages: number }> {
  const { pc, dc } = state ?? {};
  if (!pc || !dc) throw new Error('rawOffer() first');
  await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  if (dc.readyState !== 'open') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('baseline channel did not open')), 20_000);
      dc.addEventListener('open', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  const started = performance.now();
  const count = Math.ceil(blob.size / messageBytes);
  const ahead = new Map<number, Promise<ArrayBuffer>>();
  const read = (i: number) => blob.slice(i * messageBytes, (i + 1) * messageBytes).arrayBuffer();
  for (let i = 0; i < count; i++) {
    for (let j = i; j < Math.min(count, i + READ_AHEAD); j++)
      if (!ahead.has(j)) ahead.set(j, read(j));
    const data = await ahead.get(i)!;
    ahead.delete(i);
    const gentle = i * messageBytes < backpressure.gentle;
    dc.bufferedAmountLowThreshold = gentle ? 0 : backpressure.low;
    if (dc.bufferedAmount >= (gentle ? 1 : backpressure.high)) {
      await new Promise<void>((resolve) =>
        dc.addEventListener('bufferedamountlow', () => resolve(), { once: true }),
      );
    }
    dc.send(data);
  }
  return { sendMs: performance.now() - started, messages: count };
}

/** Either side: close the baseline connection. */
export function rawClose(): void {
  state?.pc.close();
  state = null;
}
