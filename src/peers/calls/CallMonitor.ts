/**
 * Reads every verified link's stats while a call runs ([CALL-12]): audio
 * levels every LEVEL_POLL_MS for the speaking indicators, RTT and loss every
 * QUALITY_EVERY_POLLS polls (~2 s) for the quality level. It reports only
 * when something the UI shows changed.
 */
import type { PeerId } from '../../lib/ids';
import type { LinkQuality } from './api';
import type { Person } from './callModel';
import { LEVEL_POLL_MS, QUALITY_EVERY_POLLS } from './constants';
import { SpeakingDetector, qualityLevel, windowLoss } from './quality';
import type { Clock, TimerHandle } from '../../lib/clock';

/** What the monitor reads and reports to. */
export interface MonitorDeps {
  timers: Clock;
  now(): number;
  /** The people of the running call, or null when there is none. */
  people(): Iterable<Person> | null;
  /** Whether my microphone is muted. */
  muted(): boolean;
  changed(): void;
}

type Counters = { packetsLost: number; packetsReceived: number };

function sameQuality(a: LinkQuality, b: LinkQuality): boolean {
  return a.level === b.level && a.rttMs === b.rttMs && a.loss === b.loss;
}

/** Polls link stats for one call at a time. */
export class CallMonitor {
  readonly #deps: MonitorDeps;
  readonly #detectors = new Map<PeerId, SpeakingDetector>();
  readonly #counters = new Map<PeerId, Counters>();
  readonly #local = new SpeakingDetector();
  #timer: TimerHandle | null = null;
  #polls = 0;
  /** Bumped by stop(): a poll still under way from before does not schedule again. */
  #generation = 0;
  /** My own speaking state (from the captured microphone level). */
  speaking = false;

  constructor(deps: MonitorDeps) {
    this.#deps = deps;
  }

  /** Start polling (no-op while running). */
  run(): void {
    if (this.#timer === null) this.#schedule();
  }

  /** Stop and forget everything measured. */
  stop(): void {
    if (this.#timer !== null) this.#deps.timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#generation++;
    this.#polls = 0;
    this.#detectors.clear();
    this.#counters.clear();
    this.#local.reset();
    this.speaking = false;
  }

  #schedule(): void {
    const generation = this.#generation;
    const next = () => {
      if (this.#timer !== null && generation === this.#generation) this.#schedule();
    };
    this.#timer = this.#deps.timers.setTimeout(() => {
      this.#poll().then(next, next);
    }, LEVEL_POLL_MS);
  }

  async #poll(): Promise<void> {
    const people = this.#deps.people();
    if (!people) return this.stop();
    const live = [...people].filter((p) => p.state === 'connected' && p.link?.verified);
    const withQuality = this.#polls++ % QUALITY_EVERY_POLLS === 0;
    const stats = await Promise.all(live.map((p) => p.link!.link.stats()));
    const now = this.#deps.now();
    let changed = false;
    let localLevel: number | null = null;
    live.forEach((p, i) => {
      const s = stats[i];
      if (!s || p.state !== 'connected') return;
      localLevel ??= s.outboundAudioLevel;
      let detector = this.#detectors.get(p.peer);
      if (!detector) this.#detectors.set(p.peer, (detector = new SpeakingDetector()));
      const speaking = detector.sample(s.inboundAudioLevel, now) && !p.muted;
      if (speaking !== p.speaking) {
        p.speaking = speaking;
        changed = true;
      }
      if (!withQuality) return;
      const loss = windowLoss(this.#counters.get(p.peer) ?? null, s);
      this.#counters.set(p.peer, {
        packetsLost: s.packetsLost,
        packetsReceived: s.packetsReceived,
      });
      const quality = { rttMs: s.rttMs, loss, level: qualityLevel(s.rttMs, loss) };
      if (!sameQuality(quality, p.quality)) {
        p.quality = quality;
        changed = true;
      }
    });
    const speaking = !this.#deps.muted() && this.#local.sample(localLevel, now);
    if (speaking !== this.speaking) {
      this.speaking = speaking;
      changed = true;
    }
    if (changed) this.#deps.changed();
  }
}
