import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditActor, AuditEntry, AuditRecordType } from '#shared/schemas/audit.ts';
import { timedId } from '../ids.ts';
import { describeChange } from './changes.ts';

/** What every entry written inside one scope shares: who, through which route, why, in which region. */
export interface AuditRequest {
  actor: AuditActor;
  /** `METHOD /path/{template}` from the route contract, or the name of a system load. */
  route: string;
  /** The region of the path; a region's own create names its region by the record's id. */
  regionId?: string;
  /** `reason` from the write's body, when it carries one. */
  reason?: string;
}

/** One record as it was and as it becomes (absent before a create, after a delete). */
export interface RecordChange {
  recordType: AuditRecordType;
  recordId: string;
  before?: object;
  after?: object;
  /** The region the record lives in, when the request does not name it. */
  regionId?: string;
}

/**
 * The audit context of one write request. Why a scope and not a parameter: every store that writes
 * (inventory, budget lines, incidents, maintenance windows, ingest keys, imports) must put the
 * entry into the same DynamoDB transaction as the record, and threading an audit argument through
 * every use case would touch every signature. The HTTP chain opens a scope for every write route
 * (`shared/http/handler.ts`); system loads open their own (`loadRegionBundle`, the import CLI).
 * Outside a scope (the collectors' sweeps) nothing is recorded: those are not writes through the API.
 */
export class AuditScope {
  private readonly written: AuditEntry[] = [];

  constructor(
    readonly request: AuditRequest,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The entry for a change, not yet counted as written: the store puts it in its transaction. */
  entryFor(change: RecordChange): AuditEntry {
    const at = this.now();
    const regionId = change.regionId ?? this.request.regionId ?? (change.recordType === 'region' ? change.recordId : undefined);
    if (regionId === undefined) throw new Error(`an audit entry for ${change.recordType} '${change.recordId}' needs a region`);
    return {
      id: timedId('aud', at),
      regionId,
      at: at.toISOString(),
      actor: this.request.actor,
      route: this.request.route,
      ...describeChange(change),
      ...(this.request.reason !== undefined ? { reason: this.request.reason } : {}),
    };
  }

  /** Called by the store once the transaction holding the entry succeeded. */
  committed(entry: AuditEntry): void {
    this.written.push(entry);
  }

  get entries(): readonly AuditEntry[] {
    return this.written;
  }
}

const scopes = new AsyncLocalStorage<AuditScope>();

/**
 * Runs `work` with every write inside it recorded as `request`. `now` dates the entries: a load of
 * historical data (the demo portfolio's decision log) records each step when it happened.
 */
export function withAuditScope<T>(request: AuditRequest, work: (scope: AuditScope) => Promise<T>, now?: () => Date): Promise<T> {
  const scope = new AuditScope(request, now);
  return scopes.run(scope, () => work(scope));
}

/** The scope of the write being served, if any. */
export function currentAuditScope(): AuditScope | undefined {
  return scopes.getStore();
}

/** The identity of loads that run outside the API: entries show it as the one who wrote. */
export function systemActor(subject: string): AuditActor {
  return { subject, role: 'system' };
}
