import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LETTER_STATUS, STATUS_LETTER } from '#shared/domain/health/check-state.ts';
import { ROLLUP_RETENTION_DAYS, type DeviceRollup, type HourlyRollup, type RollupPoint } from '#shared/domain/health/samples.ts';
import { expiresAfterDays, sampleKeys } from './health-keys.ts';
import { queryAll } from './query-all.ts';

/**
 * The devices' hourly roll-ups as stored (keys in health-keys.ts). A module of their own, apart from
 * the health store: the portfolio's benefit measures and the plan's health summary read roll-ups
 * only, and the health store's board reading renders the check messages (shared/messages/health.ts),
 * which those Lambda bundles need not carry (bundle size).
 */

/** Attribute names of the device's own counts in a roll-up item. */
export const ROLLUP_SWEEPS = 'sw';
export const ROLLUP_CRITICAL = 'cr';

/** `w|60|58|1.2|3.4|9.9` = worst, samples, samples with a number, min, avg, max. */
export function encodeRollupPoint(point: RollupPoint): string {
  return [STATUS_LETTER[point.worst], point.samples, point.valued, point.min ?? '', point.avg ?? '', point.max ?? ''].join('|');
}

export function decodeRollupPoint(encoded: string): RollupPoint {
  const [letter = 'u', samples = '0', valued = '0', min = '', avg = '', max = ''] = encoded.split('|');
  const point: RollupPoint = { worst: LETTER_STATUS[letter] ?? 'unknown', samples: Number(samples), valued: Number(valued) };
  if (min !== '') point.min = Number(min);
  if (avg !== '') point.avg = Number(avg);
  if (max !== '') point.max = Number(max);
  return point;
}

/** `sw` / `cr`: sweeps in the hour that recorded the device's status, and how many found it critical. */
export function rollupItem(regionId: string, rollup: HourlyRollup): Record<string, unknown> {
  return {
    pk: sampleKeys.hourly(regionId, rollup.deviceId),
    sk: rollup.hour,
    c: Object.fromEntries(Object.entries(rollup.checks).map(([name, point]) => [name, encodeRollupPoint(point)])),
    ...(rollup.device ? { [ROLLUP_SWEEPS]: rollup.device.sweeps, [ROLLUP_CRITICAL]: rollup.device.critical } : {}),
    expiresAt: expiresAfterDays(rollup.hour, ROLLUP_RETENTION_DAYS),
  };
}

/** The device counts of a stored roll-up item; undefined for items written before they were kept. */
export function rollupDeviceOf(item: Record<string, unknown>): DeviceRollup | undefined {
  const sweeps = item[ROLLUP_SWEEPS];
  if (typeof sweeps !== 'number') return undefined;
  return { sweeps, critical: Number(item[ROLLUP_CRITICAL] ?? 0) };
}

/** Items of `pk` with `from <= sk < to` (ISO instants sort as text), oldest first. */
export async function queryRange(doc: Pick<DynamoDBDocumentClient, 'send'>, tableName: string, pk: string, from: Date, to: Date): Promise<Array<Record<string, unknown>>> {
  const end = to.toISOString();
  const items = await queryAll(doc, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': pk, ':from': from.toISOString(), ':to': end },
  });
  return items.filter((item) => String(item.sk) < end);
}

/** Reads a device's roll-ups; the health store reads them through it too. */
export class DynamoDbRollupReader {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async readRollups(regionId: string, deviceId: string, from: Date, to: Date): Promise<HourlyRollup[]> {
    const items = await queryRange(this.doc, this.tableName, sampleKeys.hourly(regionId, deviceId), from, to);
    return items.map((item) => {
      const rollup: HourlyRollup = {
        deviceId,
        hour: String(item.sk),
        checks: Object.fromEntries(Object.entries((item.c ?? {}) as Record<string, string>).map(([name, encoded]) => [name, decodeRollupPoint(encoded)])),
      };
      const device = rollupDeviceOf(item);
      if (device) rollup.device = device;
      return rollup;
    });
  }
}
