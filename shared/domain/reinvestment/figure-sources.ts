import type { AuditEntry, AuditRecordType, AuditSource, AuditSourceCode } from '#shared/schemas/audit.ts';
import type { Environment } from '#shared/schemas/environment.ts';
import type { Member } from '#shared/schemas/member.ts';
import type { Region } from '#shared/schemas/region.ts';
import type { ItemExplanation } from '#shared/schemas/reinvestment-plan.ts';
import { sameValue } from '../audit/changes.ts';
import { populationFigureOn } from './membership-on-date.ts';

/** A figure an explanation used: where it is stored and how to tell the entry that put it there. */
export interface Figure {
  code: AuditSourceCode;
  recordType: AuditRecordType;
  recordId: string;
  field: string;
  value: unknown;
  params: Record<string, string | number>;
  /** True when the stored field's value holds the figure (a scalar equal to it, a list containing it). */
  holds: (fieldValue: unknown) => boolean;
}

export interface FigureContext {
  region: Pick<Region, 'id' | 'priceIndex' | 'lifetimes'>;
  members: ReadonlyMap<string, Pick<Member, 'id' | 'name' | 'joinedOn' | 'mergedInto' | 'mergedOn' | 'population'>>;
  environment?: Pick<Environment, 'id' | 'name' | 'key' | 'serves'>;
}

const equalTo = (value: unknown) => (fieldValue: unknown) => sameValue(fieldValue, value);
const containing = (value: unknown) => (fieldValue: unknown) => Array.isArray(fieldValue) && fieldValue.some((element) => sameValue(element, value));

/**
 * The stored figures an explanation rests on: the device's cost, dates and payer, the region's
 * price index (and lifetime, when the device has none of its own), and for a shared cost every
 * member's population figure in force, membership and merger, and the environment's key and
 * service periods on the day shares are read. Pure: reads only the explanation and the records.
 */
export function figuresOf(explanation: ItemExplanation, context: FigureContext): Figure[] {
  const device = explanation.inputs.device;
  const deviceId = explanation.deviceId;
  const figures: Figure[] = [];
  const onDevice = (code: AuditSourceCode, field: string, value: unknown, params: Record<string, string | number> = {}) =>
    figures.push({ code, recordType: 'device', recordId: deviceId, field, value, params: { device: device.name, ...params }, holds: equalTo(value) });

  onDevice('audit.source.purchase-cost', 'purchaseCostNok', device.purchaseCostNok, { value: device.purchaseCostNok });
  onDevice('audit.source.purchase-date', 'purchaseDate', device.purchaseDate, { value: device.purchaseDate });
  if (device.replacementCostNok !== undefined) onDevice('audit.source.replacement-cost', 'replacementCostNok', device.replacementCostNok, { value: device.replacementCostNok });
  if (typeof device.vendorEndOfSupport === 'string' && device.vendorEndOfSupport !== 'announced-unknown') {
    onDevice('audit.source.end-of-support', 'vendorEndOfSupport', device.vendorEndOfSupport, { value: device.vendorEndOfSupport });
  }
  onDevice('audit.source.payer', 'payer', device.payer, { payer: device.payer.type === 'member' ? device.payer.memberId : 'shared' });
  if (device.expectedLifetimeYears !== undefined) {
    onDevice('audit.source.lifetime', 'expectedLifetimeYears', device.expectedLifetimeYears, { value: device.expectedLifetimeYears });
  } else if (context.region.lifetimes[device.kind] !== undefined) {
    const years = context.region.lifetimes[device.kind];
    figures.push({
      code: 'audit.source.region-lifetimes',
      recordType: 'region',
      recordId: context.region.id,
      field: 'lifetimes',
      value: years,
      params: { kind: device.kind, value: years as number },
      holds: (lifetimes) => lifetimes !== null && typeof lifetimes === 'object' && (lifetimes as Record<string, unknown>)[device.kind] === years,
    });
  }
  figures.push({
    code: 'audit.source.price-index',
    recordType: 'region',
    recordId: context.region.id,
    field: 'priceIndex',
    value: context.region.priceIndex,
    params: { value: context.region.priceIndex },
    holds: equalTo(context.region.priceIndex),
  });

  const shares = explanation.shares;
  if (!shares) return figures;
  for (const line of shares.members) {
    for (const memberId of [line.memberId, ...(line.mergedFrom ?? [])]) {
      const member = context.members.get(memberId);
      if (!member) continue;
      const onMember = (code: AuditSourceCode, field: string, value: unknown, params: Record<string, string | number>, holds = equalTo(value)) =>
        figures.push({ code, recordType: 'member', recordId: memberId, field, value, params: { member: member.name, ...params }, holds });
      onMember('audit.source.membership', 'joinedOn', member.joinedOn, { value: member.joinedOn });
      if (member.mergedInto !== undefined && memberId !== line.memberId) {
        onMember('audit.source.merger', 'mergedInto', member.mergedInto, { into: context.members.get(member.mergedInto)?.name ?? member.mergedInto, on: member.mergedOn ?? '' });
      }
      const figure = line.population !== undefined ? populationFigureOn(member, shares.on) : undefined;
      if (figure) onMember('audit.source.population', 'population', figure, { value: figure.value, from: figure.from }, containing(figure));
    }
  }
  const environment = context.environment;
  if (environment && shares.method === 'key') {
    if (shares.keySource === 'environment') {
      figures.push({ code: 'audit.source.environment-key', recordType: 'environment', recordId: environment.id, field: 'key', value: environment.key, params: { environment: environment.name, key: environment.key.type }, holds: equalTo(environment.key) });
    }
    for (const period of environment.serves) {
      const inForce = period.from <= shares.on && (period.to === undefined || shares.on <= period.to);
      if (!inForce || !shares.members.some((line) => line.memberId === period.memberId || line.mergedFrom?.includes(period.memberId))) continue;
      figures.push({
        code: 'audit.source.serves',
        recordType: 'environment',
        recordId: environment.id,
        field: 'serves',
        value: period,
        params: { environment: environment.name, member: context.members.get(period.memberId)?.name ?? period.memberId, from: period.from },
        holds: containing(period),
      });
    }
  }
  return figures;
}

/**
 * Each figure with the newest audit entry that introduced it: the entry whose change of the
 * field holds the figure afterwards and did not before (a create has no before). `trails` are a
 * record's entries newest first, keyed `recordType#recordId`.
 */
export function linkFigures(figures: readonly Figure[], trails: ReadonlyMap<string, readonly AuditEntry[]>): AuditSource[] {
  return figures.map(({ holds, ...figure }) => {
    const trail = trails.get(trailKey(figure.recordType, figure.recordId)) ?? [];
    const entry = trail.find((candidate) =>
      candidate.changes.some((change) => change.field === figure.field && holds(change.after) && !holds(change.before)),
    );
    return {
      ...figure,
      ...(entry ? { entry: { id: entry.id, at: entry.at, actor: entry.actor, ...(entry.reason !== undefined ? { reason: entry.reason } : {}) } } : {}),
    };
  });
}

export function trailKey(recordType: AuditRecordType, recordId: string): string {
  return `${recordType}#${recordId}`;
}
