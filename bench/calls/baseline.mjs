// Baseline for call setup: a plain RTCPeerConnection between the same two browser contexts with
// the same fake camera and microphone, no app code. A gets its media and makes an offer, the bench
// carries it to B (as signaling would), B gets its media and answers, and A waits for B's video to
// play (videoWidth > 0, currentTime past 0). Non-trickle ICE on loopback, no STUN. Timed in A from
// the start of getUserMedia to the remote video playing; epoch ms, as in probes.mjs.

async function offer() {
  const stamp = () => performance.timeOrigin + performance.now();
  const t0 = stamp();
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const pc = new RTCPeerConnection({ iceServers: [] });
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  document.body.append(video);
  pc.addEventListener('track', (event) => {
    if (video.srcObject !== event.streams[0]) video.srcObject = event.streams[0];
  });
  window.__benchBase = { t0, pc, stream, video };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
  });
  return pc.localDescription.sdp;
}

async function answer(offerSdp) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const pc = new RTCPeerConnection({ iceServers: [] });
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  window.__benchBase = { pc, stream };
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

async function finish({ answerSdp, timeoutMs, pollMs }) {
  const stamp = () => performance.timeOrigin + performance.now();
  const { t0, pc, video } = window.__benchBase;
  await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  return new Promise((resolve) => {
    const deadline = setTimeout(() => {
      clearInterval(timer);
      resolve({ error: 'baseline video did not play' });
    }, timeoutMs);
    const timer = setInterval(() => {
      if (video.videoWidth === 0 || video.paused || video.currentTime <= 0) return;
      clearInterval(timer);
      clearTimeout(deadline);
      resolve({ ms: stamp() - t0, width: video.videoWidth, height: video.videoHeight });
    }, pollMs);
  });
}

function close() {
  const base = window.__benchBase;
  if (!base) return;
  base.pc.close();
  for (const track of base.stream.getTracks()) track.stop();
  base.video?.remove();
  delete window.__benchBase;
}

/** One baseline call from pageA to pageB; resolves { ms, width, height } or throws. */
export async function plainCallSetup(pageA, pageB, { timeoutMs = 30_000, pollMs = 4 } = {}) {
  try {
    const offerSdp = await pageA.evaluate(offer);
    const answerSdp = await pageB.evaluate(answer, offerSdp);
    const result = await pageA.evaluate(finish, { answerSdp, timeoutMs, pollMs });
    if (result.error) throw new Error(result.error);
    return result;
  } finally {
    await pageA.evaluate(close).catch(() => {});
    await pageB.evaluate(close).catch(() => {});
  }
}
