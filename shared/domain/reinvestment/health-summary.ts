/**
 * The plan's one question to the health capability: how unwell has each device been lately? The
 * health module (built separately) implements {@link HealthSummarySource}; until it is wired in,
 * {@link NO_HEALTH_DATA} answers "nothing known" and the health pull-forward never fires.
 */
export interface HealthSummary {
  /** Share of the last 90 days the device was critical, 0–1 (0.10 = 9 of 90 days). */
  criticalFractionLast90Days: number;
  /** Incidents on the device in the last 365 days. */
  incidentsLast365Days: number;
}

/** Port: health figures per device id for a region, as of a date. Devices without figures are left out. */
export interface HealthSummarySource {
  summariesFor(regionId: string, asOf: string): Promise<ReadonlyMap<string, HealthSummary>>;
}

/** Thresholds of the pull-forward rule: critical ≥ 10 % of the last 90 days, or ≥ 3 incidents in 365 days. */
export const HEALTH_PULL_FORWARD = { criticalFraction: 0.1, incidents: 3 } as const;

/** A source with no figures: used until the health capability delivers summaries. */
export const NO_HEALTH_DATA: HealthSummarySource = {
  async summariesFor() {
    return new Map();
  },
};

/** A fixed set of figures, for tests and for callers that already hold them. */
export function healthSummariesFrom(entries: Record<string, HealthSummary>): HealthSummarySource {
  const map = new Map(Object.entries(entries));
  return {
    async summariesFor() {
      return map;
    },
  };
}
