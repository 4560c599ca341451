/**
 * Deterministic "live" values for the lab: a function of the clock, not of chance, so that the
 * lab looks alive on a dashboard while a test with a fixed clock sees fixed values.
 */

/** A value that wanders slowly around `base` by up to ±`amplitude`, never leaving [min, max]. */
export function wander(base: number, amplitude: number, atMs: number, seed: number, min = 0, max = 100): number {
  const t = atMs / 1000;
  // Two slow waves with unrelated periods (about 7 and 2.3 minutes) look irregular enough.
  const value = base + amplitude * (0.7 * Math.sin(t / 67 + seed) + 0.3 * Math.sin(t / 22 + seed * 3.1));
  return Math.min(max, Math.max(min, value));
}

/** A stable small number from a string, to give each device its own phase. */
export function seedOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return (hash % 1000) / 100;
}

/** For `flapping` links: up in even phases, down in odd ones, starting up when the lab starts. */
export function flapIsDown(atMs: number, startedAtMs: number, periodMs: number): boolean {
  return Math.floor((atMs - startedAtMs) / periodMs) % 2 === 1;
}
