import * as z from '#shared/schemas/zod.ts';
import { Slug } from './common.ts';
import { CheckView, DeviceHealthView, EnvironmentSummary } from './health.ts';

/**
 * The health board in one answer (issue 11, "1,000 devices"): the region, every environment's
 * roll-up and every monitored device's state. The dashboard draws the board from it with one
 * request instead of one per environment, and opens an environment's device list without asking
 * again. A device carries only what the board shows; its page reads the rest.
 */
export const BoardCheck = z.pick(CheckView, { name: true, status: true, value: true, unit: true, message: true, messageCode: true, messageParams: true });

export const BoardDevice = z.extend(
  z.pick(DeviceHealthView, { deviceId: true, name: true, kind: true, status: true, since: true, flapping: true, inMaintenance: true, openIncidentId: true }),
  {
    /** A check as a row draws it: status, name, value and message; its streaks and times are the device page's. */
    checks: z.array(BoardCheck),
  },
);

export const BoardEnvironment = z.extend(EnvironmentSummary, { environmentId: Slug, name: z.string(), site: z.string(), items: z.array(BoardDevice) });

export const RegionBoard = z.object({
  region: z.object({ id: Slug, name: z.string() }),
  generatedAt: z.string(),
  environments: z.array(BoardEnvironment),
});

export type BoardCheck = z.infer<typeof BoardCheck>;
export type BoardDevice = z.infer<typeof BoardDevice>;
export type BoardEnvironment = z.infer<typeof BoardEnvironment>;
export type RegionBoard = z.infer<typeof RegionBoard>;
