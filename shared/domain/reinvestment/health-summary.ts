/**
 * The plan's one question to the health capability: how unwell has each device been lately? The
 * health capability answers through {@link HealthSummarySource} (on DynamoDB:
 * `shared/adapters/dynamodb/health-summary-source.ts`, from the hourly roll-ups and the incidents);
 * {@link NO_HEALTH_DATA} answers "nothing known", and then the health pull-forward never fires.
 */
export interface HealthSummary {
  /**
   * Share of the *observed* time in the last 90 days the device was critical, 0–1: the sweeps that
   * found it critical over the sweeps that observed it. Null when no sweep observed it in those
   * days: then only the incident count can pull it forward.
   */
  criticalFractionLast90Days: number | null;
  /** Unplanned incidents on the device opened in the last 365 days (planned work is not counted). */
  incidentsLast365Days: number;
  /** The fraction's denominator: sweeps that observed the device in the last 90 days. */
  observedSweepsLast90Days?: number;
  /** The fraction's numerator: of those, the sweeps that found it critical. */
  criticalSweepsLast90Days?: number;
}

/** The devices a plan asks about, and every environment of the region (incidents stay where they happened). */
export interface HealthScope {
  devices: ReadonlyArray<{ id: string; environmentId: string }>;
  environmentIds: readonly string[];
}

/** Port: health figures per device id of `scope`, as of a date. Devices without figures are left out. */
export interface HealthSummarySource {
  summariesFor(regionId: string, asOf: string, scope: HealthScope): Promise<ReadonlyMap<string, HealthSummary>>;
}

/** Thresholds of the pull-forward rule: critical ≥ 10 % of the last 90 days, or ≥ 3 incidents in 365 days. */
export const HEALTH_PULL_FORWARD = { criticalFraction: 0.1, incidents: 3 } as const;

/** Whether the figures cross a threshold of the pull-forward rule. */
export function isUnhealthy(health: HealthSummary): boolean {
  return (
    (health.criticalFractionLast90Days !== null && health.criticalFractionLast90Days >= HEALTH_PULL_FORWARD.criticalFraction) ||
    health.incidentsLast365Days >= HEALTH_PULL_FORWARD.incidents
  );
}

/** A source with no figures: the pull-forward rule never fires. */
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
