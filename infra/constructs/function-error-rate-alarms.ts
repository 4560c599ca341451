import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmRule,
  ComparisonOperator,
  CompositeAlarm,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { NAME_PREFIX, pascalCase } from '../names.ts';
import type { DriftsbildeFunction } from './driftsbilde-function.ts';

export const ERROR_RATE_PERIOD = Duration.minutes(5);

/** Errors as a share of invocations, in percent; no invocations is 0 %, not "no data". */
export const ERROR_RATE_EXPRESSION = 'IF(invocations > 0, 100 * FILL(errors, 0) / invocations, 0)';

export interface FunctionErrorRateAlarmsProps {
  /** Short, kebab-case: becomes part of the alarm names (`driftsbilde-api-error-rate`). */
  readonly groupName: string;
  readonly functions: readonly DriftsbildeFunction[];
  /** Percent of invocations that fail. */
  readonly thresholdPercent: number;
  readonly topic: ITopic;
}

/**
 * The error rate of a group of functions. A metric-math alarm may read at most 10 metrics, so one
 * alarm over a whole group is impossible beyond five functions: each function gets its own
 * errors/invocations alarm (no actions), and one composite alarm per group notifies the topic
 * when any of them fires, so an outage that breaks every function sends one message, not thirty.
 */
export class FunctionErrorRateAlarms extends Construct {
  readonly functionAlarms: Alarm[] = [];
  readonly groupAlarm: CompositeAlarm;

  constructor(scope: Construct, id: string, props: FunctionErrorRateAlarmsProps) {
    super(scope, id);
    if (props.functions.length === 0) throw new Error(`FunctionErrorRateAlarms ${id}: the group ${props.groupName} has no functions`);

    for (const fn of props.functions) {
      const rate = new MathExpression({
        expression: ERROR_RATE_EXPRESSION,
        usingMetrics: {
          errors: fn.metricErrors({ statistic: 'Sum', period: ERROR_RATE_PERIOD }),
          invocations: fn.metricInvocations({ statistic: 'Sum', period: ERROR_RATE_PERIOD }),
        },
        period: ERROR_RATE_PERIOD,
        label: `${fn.entryName} error rate (%)`,
      });
      this.functionAlarms.push(
        rate.createAlarm(this, `${pascalCase(fn.entryName)}ErrorRate`, {
          alarmName: `${NAME_PREFIX}-${props.groupName}-${fn.entryName}-error-rate`,
          alarmDescription: `More than ${props.thresholdPercent} % of ${fn.entryName} invocations failed in 2 of the last 3 five-minute periods.`,
          threshold: props.thresholdPercent,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
          // Two bad periods, so a single failed call on a quiet route does not page anyone.
          datapointsToAlarm: 2,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    this.groupAlarm = new CompositeAlarm(this, 'GroupErrorRate', {
      compositeAlarmName: `${NAME_PREFIX}-${props.groupName}-error-rate`,
      alarmDescription: `Some ${props.groupName} function fails more than ${props.thresholdPercent} % of its invocations; see the member alarms ${NAME_PREFIX}-${props.groupName}-*-error-rate.`,
      alarmRule: AlarmRule.anyOf(...this.functionAlarms),
    });
    this.groupAlarm.addAlarmAction(new SnsAction(props.topic));
    this.groupAlarm.addOkAction(new SnsAction(props.topic));
  }
}
