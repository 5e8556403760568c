// The start-of-transfer stall, isolated: many short transfers (24 MB) over fresh plain
// RTCDataChannels between two contexts, for each send-buffer setting given, counting the runs
// where the first 4 MB took over 600 ms (Chromium's SCTP recovering losses one retransmission
// timeout at a time). No Plume code. See docs/performance.md, "File transfer".
//   node bench/transfer/stall.mjs '[{"high":524288,"low":131072},{"high":1,"low":0}]' 14
// `ramp`/`rampHigh`: the first `ramp` messages use `rampHigh` (and drain to 0) instead.
import http from 'node:http';
import { chromium } from 'playwright-core';

const PAGE = `<!doctype html><script>
let pc, dc, got;
async function gathered(pc) { await new Promise((r) => { if (pc.iceGatheringState === 'complete') return r(); pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') r(); }); }); return pc.localDescription.sdp; }
window.offer = async () => { pc = new RTCPeerConnection(); dc = pc.createDataChannel('x', { ordered: true }); dc.binaryType = 'arraybuffer'; await pc.setLocalDescription(await pc.createOffer()); return gathered(pc); };
window.answer = async (sdp, expected) => { pc = new RTCPeerConnection(); got = new Promise((res) => pc.addEventListener('datachannel', (e) => { const c = e.channel; c.binaryType = 'arraybuffer'; let bytes = 0, first = 0; const tl = []; c.onmessage = (m) => { const now = performance.now(); if (!bytes) first = now; bytes += m.data.byteLength; tl.push([Math.round(now - first), bytes]); if (bytes >= expected) res(tl); }; })); await pc.setRemoteDescription({ type: 'offer', sdp }); await pc.setLocalDescription(await pc.createAnswer()); return gathered(pc); };
window.received = () => got;
window.send = async (sdp, total, size, high, low, rampChunks, rampHigh) => {
  await pc.setRemoteDescription({ type: 'answer', sdp });
  if (dc.readyState !== 'open') await new Promise((r) => dc.addEventListener('open', r, { once: true }));
  const buf = new Uint8Array(size); crypto.getRandomValues(buf.subarray(0, 65536));
  const n = Math.ceil(total / size);
  for (let i = 0; i < n; i++) {
    const h = i < rampChunks ? rampHigh : high;
    dc.bufferedAmountLowThreshold = i < rampChunks ? 0 : low;
    if (dc.bufferedAmount >= h) await new Promise((r) => dc.addEventListener('bufferedamountlow', r, { once: true }));
    dc.send(buf.slice());
  }
};
window.close = () => { pc.close(); };
</script>
`;
const srv = http
  .createServer((_q, r) => {
    r.setHeader('content-type', 'text/html');
    r.end(PAGE);
  })
  .listen(0);
const url = `http://localhost:${srv.address().port}/`;
const b = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});

const A = await (await b.newContext()).newPage();
const B = await (await b.newContext()).newPage();
await A.goto(url);
await B.goto(url);
const TOTAL = 24 * 1024 * 1024,
  SIZE = 253952;
const variants = JSON.parse(process.argv[2]);
const runs = +process.argv[3] || 8;
const res = {};
for (let r = 0; r < runs; r++)
  for (const v of variants) {
    const o = await A.evaluate(() => window.offer());
    const a = await B.evaluate(([o, t]) => window.answer(o, t), [o, TOTAL]);
    const got = B.evaluate(() => window.received());
    await A.evaluate(
      ([a, t, s, v]) => window.send(a, t, s, v.high, v.low, v.ramp ?? 0, v.rampHigh ?? 0),
      [a, TOTAL, SIZE, v],
    );
    const tl = await got;
    await A.evaluate(() => window.close());
    await B.evaluate(() => window.close());
    const at = (mb) => tl.find(([, by]) => by >= mb * 1048576)[0];
    const k = JSON.stringify(v);
    (res[k] ??= []).push([at(4), at(24)]);
  }
for (const [k, xs] of Object.entries(res))
  console.log(
    k,
    'stalls(>600ms to 4MB):',
    xs.filter(([a]) => a > 600).length,
    '/',
    xs.length,
    ' t4MB:',
    xs.map(([a]) => a).join(','),
    ' t24MB:',
    xs.map(([, b]) => b).join(','),
  );
await b.close();
srv.close();
