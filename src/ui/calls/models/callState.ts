/**
 * The call as the first-visit bundle sees it: the running call
 * engine and its latest snapshot. callsAttach.ts (a lazy chunk, loaded once
 * the runtime runs the call engine) fills both; App mounts the call screen (another
 * lazy chunk) only while a call is under way. Types only from the engine's
 * contract, so nothing of the engine lands in the main bundle.
 */
import { computed, signal } from '@preact/signals';
import type { CallEngineApi, CallSnapshot } from '../../../peers/calls/api';

/** The live call engine; null before the first session or while offline. */
export const callEngine = signal<CallEngineApi | null>(null);

/** The engine's latest snapshot (a new object on every change); null without an engine. */
export const callSnapshot = signal<CallSnapshot | null>(null);

/** True while the call screen has something to show (any phase but idle). */
export const callShown = computed(() => {
  const phase = callSnapshot.value?.phase;
  return phase !== undefined && phase !== 'idle';
});
