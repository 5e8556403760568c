// Baseline for the message round trip: a plain RTCDataChannel between the same two browser
// contexts, signalled by hand through the bench (offer/answer with all ICE candidates inside),
// then ping-pong with a payload the size of a chat frame. No app code runs on this path.

/** In page A: make the offer. Returns the SDP once ICE gathering is complete. */
async function makeOffer() {
  const pc = new RTCPeerConnection({ iceServers: [] });
  const dc = pc.createDataChannel('bench-baseline', { ordered: true });
  window.__benchBaseline = { pc, dc };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
  });
  return pc.localDescription.sdp;
}

/** In page B: answer, and echo every message back. */
async function answer(offerSdp) {
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.addEventListener('datachannel', (event) => {
    const dc = event.channel;
    dc.addEventListener('message', (msg) => dc.send(msg.data));
  });
  window.__benchBaseline = { pc };
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  await pc.setLocalDescription(await pc.createAnswer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
  });
  return pc.localDescription.sdp;
}

/** In page A: take the answer, wait for the channel, then time `rounds` ping-pongs. */
async function pingPong({ answerSdp, rounds, warmup, payloadBytes }) {
  const { pc, dc } = window.__benchBaseline;
  await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  if (dc.readyState !== 'open') {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('baseline channel did not open')), 20_000);
      dc.addEventListener('open', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  const pad = 'x'.repeat(payloadBytes);
  const times = [];
  for (let i = 0; i < warmup + rounds; i++) {
    const frame = JSON.stringify({ type: 'PING', n: i, pad });
    const started = performance.now();
    await new Promise((resolve) => {
      dc.addEventListener('message', () => resolve(), { once: true });
      dc.send(frame);
    });
    if (i >= warmup) times.push(performance.now() - started);
  }
  return times;
}

function closeBaseline() {
  window.__benchBaseline?.pc.close();
  delete window.__benchBaseline;
}

/** Run the baseline between pageA and pageB (any same-origin pages of the two contexts). */
export async function dataChannelPingPong(
  pageA,
  pageB,
  { rounds, warmup = 20, payloadBytes = 400 },
) {
  try {
    const offerSdp = await pageA.evaluate(makeOffer);
    const answerSdp = await pageB.evaluate(answer, offerSdp);
    return await pageA.evaluate(pingPong, { answerSdp, rounds, warmup, payloadBytes });
  } finally {
    await pageA.evaluate(closeBaseline).catch(() => {});
    await pageB.evaluate(closeBaseline).catch(() => {});
  }
}
