import { describe, expect, it } from 'vitest';
import { backupResults, mergeBackupJobs, type BackupJob } from '#shared/domain/health/backup-coverage.ts';
import { summarizeEnvironment, worstStatus, type BoardEntry, type DeviceHealth } from '#shared/domain/health/device-status.ts';
import { detectDrift, mergeObservedFacts } from '#shared/domain/health/drift.ts';
import { chooseResolution, hoursToRollUp, matchesCheck, percentile, rollupHour, sampleBucketOf } from '#shared/domain/health/samples.ts';

describe('drift', () => {
  it('keeps earlier facts when a sweep reads none or only some', () => {
    const first = mergeObservedFacts(undefined, { firmware: '7.2.5', serial: 'FG60F123' }, '2025-03-14T10:00:00.000Z');
    expect(mergeObservedFacts(first, undefined, '2025-03-14T10:01:00.000Z')).toBe(first);
    expect(mergeObservedFacts(first, { hostname: 'fw1' }, '2025-03-14T10:02:00.000Z')).toEqual({
      firmware: '7.2.5',
      serial: 'FG60F123',
      hostname: 'fw1',
      observedAt: '2025-03-14T10:02:00.000Z',
    });
  });

  it('shows a mismatch and an unregistered value, ignoring case and spacing', () => {
    const observed = { firmware: '7.4.1', serial: 'fg60f123 ', observedAt: '2025-03-14T10:00:00.000Z' };
    expect(detectDrift({ firmware: '7.2.5', serial: 'FG60F123' }, observed)).toEqual([
      { field: 'firmware', kind: 'mismatch', registered: '7.2.5', observed: '7.4.1', observedAt: observed.observedAt },
    ]);
    expect(detectDrift({ firmware: '', serial: 'FG60F123' }, observed)).toEqual([
      { field: 'firmware', kind: 'unregistered', registered: '', observed: '7.4.1', observedAt: observed.observedAt },
    ]);
    expect(detectDrift({ firmware: '7.4.1', serial: 'FG60F123' }, observed)).toEqual([]);
    expect(detectDrift({ firmware: '7.2.5' }, undefined)).toEqual([]);
  });
});

const job = (overrides: Partial<BackupJob>): BackupJob => ({
  job: 'nightly',
  result: 'success',
  start: '2025-03-13T22:00:00.000Z',
  end: '2025-03-13T23:00:00.000Z',
  ...overrides,
});

describe('backup coverage', () => {
  const now = new Date('2025-03-14T12:00:00Z');

  it('is critical, without a value, for a device that has never been backed up', () => {
    const [coverage] = backupResults({ required: true, rpoHours: 24 }, undefined, now);
    expect(coverage).toMatchObject({ name: 'backup', type: 'backup-coverage', status: 'critical', thresholds: { critical: 24 } });
    expect(coverage?.value).toBeUndefined();
    expect(coverage?.message).toMatch(/no successful backup has ever been reported/);
  });

  it('is ok inside the RPO and critical outside it; a warning job counts as a backup', () => {
    const inside = mergeBackupJobs(undefined, [job({ result: 'warning' })], now.toISOString());
    expect(backupResults({ required: true, rpoHours: 24 }, inside, now)[0]).toMatchObject({ status: 'ok', value: 13 });
    expect(backupResults({ required: true, rpoHours: 12 }, inside, now)[0]).toMatchObject({ status: 'critical', value: 13 });
  });

  it('reports a failed last job as a warning even inside the RPO, and nothing for devices that need no backup and have none', () => {
    const state = mergeBackupJobs(undefined, [job({}), job({ result: 'failed', start: '2025-03-14T10:00:00.000Z', end: '2025-03-14T10:30:00.000Z' })], now.toISOString());
    expect(state.lastSuccessAt).toBe('2025-03-13T23:00:00.000Z');
    expect(state.lastJob?.result).toBe('failed');
    const results = backupResults({ required: true, rpoHours: 24 }, state, now);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['backup', 'ok'],
      ['backup.last-job', 'warning'],
    ]);
    expect(backupResults(undefined, undefined, now)).toEqual([]);
  });

  it('merges out of order and de-duplicates a job pushed twice', () => {
    const late = job({ start: '2025-03-14T01:00:00.000Z', end: '2025-03-14T02:00:00.000Z' });
    const state = mergeBackupJobs(mergeBackupJobs(undefined, [late], 'x'), [job({}), late], 'y');
    expect(state.recent).toHaveLength(2);
    expect(state.lastJob?.end).toBe(late.end);
    expect(state.lastSuccessAt).toBe(late.end);
  });
});

describe('environment roll-up', () => {
  const health = (deviceId: string, status: DeviceHealth['status'], kind: DeviceHealth['kind'], coverage?: 'ok' | 'critical'): DeviceHealth => ({
    deviceId,
    name: deviceId,
    kind,
    environmentId: 'e',
    status,
    since: 'x',
    checks: coverage
      ? [{ name: 'backup', type: 'backup-coverage', status: coverage, rawStatus: coverage, observedAt: 'x', since: 'x', failStreak: 0, passStreak: 0, recent: '', flapping: false }]
      : [],
    flapping: false,
    inMaintenance: false,
    maintenanceWindowIds: [],
    drift: [],
    lastSweepAt: '2025-03-14T12:00:00.000Z',
  });
  const now = new Date('2025-03-14T12:00:00Z');

  it('counts per status and kind and names the worst backup: a server never backed up beats any age', () => {
    const board: BoardEntry[] = [
      { deviceId: 'fw', health: health('fw', 'ok', 'firewall') },
      { deviceId: 's1', health: health('s1', 'critical', 'server', 'critical'), backup: mergeBackupJobs(undefined, [job({ end: '2025-03-12T12:00:00.000Z', start: '2025-03-12T11:00:00.000Z' })], 'x') },
      { deviceId: 's2', health: health('s2', 'ok', 'server', 'ok'), backup: mergeBackupJobs(undefined, [job({})], 'x') },
      { deviceId: 's3', health: health('s3', 'critical', 'server', 'critical') },
      { deviceId: 'only-backup', backup: mergeBackupJobs(undefined, [job({})], 'x') },
    ];
    const summary = summarizeEnvironment(board, [
      { id: 'a', source: 'automatic', state: 'open', planned: false, flapping: false, openedAt: 'x' },
      { id: 'b', source: 'automatic', state: 'acknowledged', planned: true, flapping: false, openedAt: 'x' },
    ], now);
    // `fw` has no checks: not monitored, so not counted per status (issue 11).
    expect(summary.devices).toBe(3);
    expect(summary.notMonitored).toBe(1);
    expect(summary.byStatus).toEqual({ ok: 1, warning: 0, critical: 2, unknown: 0 });
    expect(summary.byKind.server).toEqual({ total: 3, ok: 1, warning: 0, critical: 2, unknown: 0 });
    expect(summary.backup).toEqual({ required: 3, missing: 2, neverBackedUp: 1, worstAgeHours: 48, worstDeviceId: 's3' });
    expect(summary.openIncidents).toBe(1);
    expect(summary.openPlannedIncidents).toBe(1);
  });

  it('rolls a device up as the worst of its checks, unknown with none', () => {
    expect(worstStatus(['ok', 'unknown', 'warning'])).toBe('warning');
    expect(worstStatus(['ok', 'critical', 'warning'])).toBe('critical');
    expect(worstStatus(['ok', 'unknown'])).toBe('unknown');
    expect(worstStatus([])).toBe('unknown');
  });
});

describe('samples and roll-ups', () => {
  it('keeps numbers and statuses, drops text values', () => {
    const bucket = sampleBucketOf('d', '2025-03-14T10:00:00.000Z', [
      { name: 'snmp.cpu', type: 'snmp', status: 'ok', value: 12.5, observedAt: 'x' },
      { name: 'snmp.ha', type: 'snmp', status: 'critical', value: 'standby', observedAt: 'x' },
    ]);
    expect(bucket.checks).toEqual({ 'snmp.cpu': { status: 'ok', value: 12.5 }, 'snmp.ha': { status: 'critical' } });
  });

  it('rolls an hour up into min/avg/max and the worst status, ignoring samples outside the hour', () => {
    const hour = new Date('2025-03-14T10:00:00Z');
    const samples = [
      sampleBucketOf('d', '2025-03-14T09:59:00.000Z', [{ name: 'cpu', type: 'snmp', status: 'critical', value: 99, observedAt: 'x' }]),
      sampleBucketOf('d', '2025-03-14T10:00:00.000Z', [{ name: 'cpu', type: 'snmp', status: 'ok', value: 10, observedAt: 'x' }]),
      sampleBucketOf('d', '2025-03-14T10:30:00.000Z', [{ name: 'cpu', type: 'snmp', status: 'warning', value: 85, observedAt: 'x' }]),
      sampleBucketOf('d', '2025-03-14T10:59:00.000Z', [{ name: 'cpu', type: 'snmp', status: 'unknown', observedAt: 'x' }]),
    ];
    expect(rollupHour('d', hour, samples)).toEqual({
      deviceId: 'd',
      hour: '2025-03-14T10:00:00.000Z',
      checks: { cpu: { worst: 'warning', samples: 3, valued: 2, min: 10, avg: 47.5, max: 85 } },
    });
    expect(rollupHour('d', new Date('2025-03-14T12:00:00Z'), samples)).toBeUndefined();
  });

  it('rolls up the complete hours since the last roll-up, three at most per sweep', () => {
    const now = new Date('2025-03-14T10:00:30Z');
    expect(hoursToRollUp('2025-03-14T08:00:00.000Z', now).map((d) => d.toISOString())).toEqual(['2025-03-14T09:00:00.000Z']);
    expect(hoursToRollUp('2025-03-14T09:00:00.000Z', now)).toEqual([]);
    expect(hoursToRollUp('2025-03-14T02:00:00.000Z', now).map((d) => d.toISOString())).toEqual([
      '2025-03-14T03:00:00.000Z',
      '2025-03-14T04:00:00.000Z',
      '2025-03-14T05:00:00.000Z',
    ]);
  });

  it('answers short recent ranges from raw samples and the rest from roll-ups', () => {
    const now = new Date('2025-03-14T12:00:00Z');
    expect(chooseResolution(new Date('2025-03-13T12:00:00Z'), now, now, 'auto')).toBe('raw');
    expect(chooseResolution(new Date('2025-03-11T12:00:00Z'), now, now, 'auto')).toBe('hourly');
    expect(chooseResolution(new Date('2025-01-01T00:00:00Z'), new Date('2025-01-01T06:00:00Z'), now, 'auto')).toBe('hourly');
    expect(chooseResolution(new Date('2025-03-01T00:00:00Z'), now, now, 'raw')).toBe('raw');
  });

  it('matches a check with its parts', () => {
    expect(matchesCheck('snmp.cpu', 'snmp')).toBe(true);
    expect(matchesCheck('snmpx', 'snmp')).toBe(false);
    expect(matchesCheck('snmp', 'snmp.cpu')).toBe(false);
    expect(matchesCheck('anything', undefined)).toBe(true);
  });

  it('computes a nearest-rank p95', () => {
    expect(percentile([], 95)).toBeUndefined();
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
    expect(percentile([5, 1, 3], 95)).toBe(5);
  });
});
