/**
 * Call tones made with Web Audio (no sound files to download): ringback while
 * I ring someone, a ring (and a vibration on phones) while someone rings me,
 * and a short busy signal. A browser that refuses to start audio without a
 * gesture simply stays silent; the screen still says what happens.
 */
import { every, systemClock } from '../../../lib/clock';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';

const logger = log('ui:call-tones');

export type Tone = 'ringback' | 'ring' | 'busy';

interface Pattern {
  /** [frequency Hz, start s, length s] within one cycle. */
  notes: ReadonlyArray<readonly [number, number, number]>;
  cycleS: number;
  /** Cycles to play; Infinity until stopped. */
  cycles: number;
  vibrate?: readonly number[];
}

const PATTERNS: Readonly<Record<Tone, Pattern>> = {
  ringback: { notes: [[440, 0, 1]], cycleS: 4, cycles: Infinity },
  ring: {
    notes: [
      [660, 0, 0.25],
      [880, 0.3, 0.25],
      [660, 0.8, 0.25],
      [880, 1.1, 0.25],
    ],
    cycleS: 3,
    cycles: Infinity,
    vibrate: [400, 200, 400],
  },
  busy: { notes: [[440, 0, 0.35]], cycleS: 0.7, cycles: 4 },
};

/** Loud enough to notice, quiet enough not to startle. */
const GAIN = 0.06;
/** Fade in and out (s), so notes do not click. */
const RAMP_S = 0.02;

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  if (context.state === 'suspended') {
    context
      .resume()
      .catch((err: unknown) => logger.debug('audio not allowed yet', describeError(err)));
  }
  return context;
}

function note(ctx: AudioContext, freq: number, at: number, length: number): OscillatorNode {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0, at);
  gain.gain.linearRampToValueAtTime(GAIN, at + RAMP_S);
  gain.gain.setValueAtTime(GAIN, at + length - RAMP_S);
  gain.gain.linearRampToValueAtTime(0, at + length);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + length);
  return osc;
}

/** Play `tone`; returns its stop (safe to call twice). */
export function playTone(tone: Tone): () => void {
  const pattern = PATTERNS[tone];
  const ctx = audio();
  let played = 0;
  let sounding: OscillatorNode[] = [];
  const cycle = () => {
    if (played++ >= pattern.cycles) return stopCycles();
    if (ctx) {
      sounding = pattern.notes.map(([freq, start, length]) =>
        note(ctx, freq, ctx.currentTime + start, length),
      );
    }
    if (pattern.vibrate && typeof navigator !== 'undefined')
      navigator.vibrate?.([...pattern.vibrate]);
  };
  const stopCycles = every(systemClock, pattern.cycleS * 1000, cycle);
  cycle();
  return () => {
    stopCycles();
    // Silence notes already scheduled, so the tone stops the moment the call is answered.
    for (const osc of sounding) {
      try {
        osc.stop();
      } catch {
        // Already ended: nothing to silence.
      }
    }
    sounding = [];
  };
}
