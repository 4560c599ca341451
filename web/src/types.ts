/**
 * The API's shapes as the dashboard reads them. They are the server's own schema types (imported
 * for type-checking only, so nothing of zod reaches the bundle): when the contract changes, the
 * dashboard stops compiling instead of silently showing the wrong thing.
 */
export type { Device, Payer } from '../../shared/schemas/device.ts';
export type { Environment } from '../../shared/schemas/environment.ts';
export type { Member } from '../../shared/schemas/member.ts';
export type { Region } from '../../shared/schemas/region.ts';
export type { DeviceKind } from '../../shared/schemas/common.ts';
export type { Page } from '../../shared/domain/paging.ts';
export type { DeviceHealthView, CheckView, EnvironmentSummary, Incident } from '../../shared/schemas/health.ts';
export type { ReinvestmentPlan, PlanItem, PlanTotal, EnvelopeRow, ItemExplanation } from '../../shared/schemas/reinvestment-plan.ts';

import type { z } from '../../shared/schemas/zod.ts';
import type { EnvironmentHealth as EnvironmentHealthSchema, RegionHealth as RegionHealthSchema } from '../../shared/schemas/health.ts';
export type EnvironmentHealth = z.infer<typeof EnvironmentHealthSchema>;
export type RegionHealth = z.infer<typeof RegionHealthSchema>;

export type { BoardCheck, BoardDevice, BoardEnvironment, RegionBoard } from '../../shared/schemas/board.ts';
export type { BudgetLine } from '../../shared/schemas/budget-line.ts';
export type { DriftEntry, ObservedFacts } from '../../shared/schemas/health.ts';
import type {
  DeviceHistory as DeviceHistorySchema,
  MaintenanceWindowInput as MaintenanceWindowInputSchema,
  MaintenanceWindowView as MaintenanceWindowViewSchema,
} from '../../shared/schemas/health.ts';
import type { BudgetLineCreate as BudgetLineCreateSchema } from '../../shared/schemas/budget-line.ts';
export type DeviceHistory = z.infer<typeof DeviceHistorySchema>;
export type HistoryPoint = DeviceHistory['series'][number]['points'][number];
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowViewSchema>;
/** What the dashboard sends to create a window: the schema's input (before defaults and transforms). */
export type MaintenanceWindowRequest = z.input<typeof MaintenanceWindowInputSchema>;
export type BudgetLineRequest = z.input<typeof BudgetLineCreateSchema>;
export type { AuditEntry, AuditSource } from '../../shared/schemas/audit.ts';
