import { definitionActions } from '../../../modules/orchestration/state-machines/definition-actions';
import { drillExecutionInput } from '../../../modules/orchestration/drill-schedule';
import { parseEnvironments } from '../../../config/load';
import { RECOVERY_POINT_ARN_SHAPES } from '../../../config/function-contract/recovery-point-tagging';
import { examples } from '../../support/environment-fixtures';
import { exampleModel, parsePolicy, resourcesOf, synthEnvironment, type SynthesizedStack } from '../../support/synth';

/*
 * The orchestration layer as synthesized for the example environments: GIVEN an example config, WHEN it is
 * synthesized, THEN the Terraform resources say what the issue asks (encryption, retention, retries, DLQs,
 * alarms, least-privilege roles).
 */

const find = (stack: SynthesizedStack, type: string, predicate: (body: Record<string, any>) => boolean) => {
  const match = resourcesOf(stack, type).find(([, body]) => predicate(body));
  if (!match) throw new Error(`no ${type} matches`);
  return match;
};
/** `${aws_x.id.attr}` -> the resource body it points at. */
const referenced = (stack: SynthesizedStack, ref: string) => {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/.exec(ref);
  if (!m) throw new Error(`not a reference: ${ref}`);
  return stack.resource[m[1]][m[2]] as Record<string, any>;
};
const rolePolicyOf = (stack: SynthesizedStack, roleName: string) => {
  const [roleId] = find(stack, 'aws_iam_role', (r) => r.name === roleName);
  const [, policy] = find(stack, 'aws_iam_role_policy', (p) => p.role === `\${aws_iam_role.${roleId}.name}`);
  return parsePolicy(policy.policy).Statement;
};
const trustOf = (stack: SynthesizedStack, roleName: string) => parsePolicy(find(stack, 'aws_iam_role', (r) => r.name === roleName)[1].assume_role_policy).Statement;
const actionsOf = (statements: Record<string, any>[]) => statements.flatMap((s) => [s.Action].flat()).sort();

/** The break-glass alert (modules/access/break-glass-alert.ts) is in every region, orchestrated or not. */
const ofOrchestration = ([id]: [string, unknown]) => !id.startsWith('break-glass-alert-');

describe('orchestration of prod (eu-west-1)', () => {
  const prod = exampleModel('prod');
  const json = synthEnvironment(prod);
  const machines = resourcesOf(json, 'aws_sfn_state_machine').map(([, m]) => m);

  it('creates the three Standard state machines, logged to encrypted log groups with the configured retention, traced', () => {
    expect(machines.map((m) => m.name).sort()).toEqual(['prod-backup-orchestrator', 'prod-dr-drill', 'prod-job-recovery']);
    for (const machine of machines) {
      expect(machine.provider).toBe('aws.eu-west-1');
      expect(machine.type).toBe('STANDARD');
      expect(machine.tracing_configuration).toEqual({ enabled: true });
      expect(machine.logging_configuration).toMatchObject({ level: 'ALL', include_execution_data: true });
      const group = referenced(json, machine.logging_configuration.log_destination);
      expect(group).toMatchObject({ name: `/aws/vendedlogs/states/${machine.name}`, retention_in_days: 365 });
      expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    }
  });

  it('gives each machine a role with exactly the actions its states call, plus logging, tracing and KMS use', () => {
    for (const machine of machines) {
      const definition = JSON.parse(machine.definition);
      const role = referenced(json, machine.role_arn);
      const statements = rolePolicyOf(json, role.name);
      const stateActions = definitionActions(definition);
      const supporting = ['iam:PassRole', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];
      const observability = ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:UpdateLogDelivery',
        'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
      expect(new Set(actionsOf(statements))).toEqual(new Set([...stateActions, ...supporting, ...observability]));
      // THEN iam:PassRole goes only to AWS Backup, and only for the backup or the restore role
      const pass = statements.find((s) => s.Action === 'iam:PassRole')!;
      expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } });
      const passed = referenced(json, pass.Resource);
      expect(passed.name).toBe(machine.name === 'prod-dr-drill' ? 'prod-backup-restore' : 'prod-backup-service');
      // AND the trust is Step Functions for this machine only (confused deputy)
      expect(trustOf(json, role.name)).toEqual([expect.objectContaining({
        Principal: { Service: 'states.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '222222222222' },
          ArnLike: { 'aws:SourceArn': `arn:aws:states:eu-west-1:222222222222:stateMachine:${machine.name}` },
        },
      })]);
    }
  });

  it('lets the orchestrator start backups only into this environment vaults of the region', () => {
    const role = referenced(json, machines.find((m) => m.name === 'prod-backup-orchestrator')!.role_arn);
    const start = rolePolicyOf(json, role.name).find((s) => s.Action === 'backup:StartBackupJob')!;
    expect(start.Resource).toEqual(['arn:aws:backup:eu-west-1:222222222222:backup-vault:prod-primary']);
  });

  it('embeds references to resources of the same stack in every definition, so plan never validates them offline', () => {
    // The provider calls ValidateStateMachineDefinition only for fully known definitions (see the trap).
    for (const machine of machines) expect(machine.definition).toMatch(/\$\{aws_iam_role\.[^}]+\.arn\}/);
  });

  it('creates six arm64 Node.js 22 functions with tracing, JSON logs, a dead-letter queue and only PARAMETER_ROOT as configuration', () => {
    // The start endpoint's functions are tested with the API (start-api.test.ts).
    const functions = resourcesOf(json, 'aws_lambda_function').map(([, f]) => f).filter((f) => !['prod-execution-status', 'prod-start-execution'].includes(f.function_name));
    expect(functions.map((f) => f.function_name).sort()).toEqual([
      'prod-audit-recorder', 'prod-job-callback', 'prod-recovery-point-tagger', 'prod-restore-cleanup', 'prod-restore-planner', 'prod-restore-validator',
    ]);
    for (const fn of functions) {
      expect(fn).toMatchObject({ runtime: 'nodejs22.x', architectures: ['arm64'], handler: 'index.handler', tracing_config: { mode: 'Active' } });
      expect(fn.logging_config).toMatchObject({ log_format: 'JSON' });
      expect(Object.keys(fn.environment.variables).sort()).toEqual(['PARAMETER_ROOT', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME']);
      expect(fn.environment.variables.PARAMETER_ROOT).toBe('/backup-estate/prod');
      expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(fn.filename).toMatch(/assets\/.+\.zip$/);
      expect(referenced(json, fn.dead_letter_config.target_arn)).toMatchObject({ name: 'prod-backup-functions-dlq' });
      expect(fn.timeout).toBeLessThanOrEqual(900);
      const group = find(json, 'aws_cloudwatch_log_group', (g) => g.name === `/aws/lambda/${fn.function_name}`)[1];
      expect(group.retention_in_days).toBe(365);
      expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    }
    expect(resourcesOf(json, 'aws_lambda_function_event_invoke_config')).toHaveLength(8);
  });

  it('keeps function roles free of wildcard actions and tag-scopes what the drill clean-up may delete', () => {
    const cleanup = rolePolicyOf(json, 'prod-cleanup-eu-west-1');
    const deletes = cleanup.filter((s) => [s.Action].flat().some((a: string) => /:Delete(Volume|DBInstance|DBCluster|Table|FileSystem|MountTarget)$/.test(a)));
    expect(deletes.map((s) => s.Sid).sort()).toEqual(['DeleteDrillClusters', 'DeleteDrillFileSystems', 'DeleteDrillInstances', 'DeleteDrillTables', 'DeleteDrillVolumes']);
    for (const statement of deletes) expect(statement.Condition).toEqual({ Null: { 'aws:ResourceTag/backup-drill': 'false' } });
    // AND where the service has names, only drill-named resources (the restore planner's names)
    expect(deletes.find((s) => s.Sid === 'DeleteDrillTables')!.Resource).toBe('arn:aws:dynamodb:eu-west-1:222222222222:table/drill-*');
    expect(deletes.find((s) => s.Sid === 'DeleteDrillInstances')!.Resource).toBe('arn:aws:rds:eu-west-1:222222222222:db:drill-*');
    for (const name of ['callback', 'audit', 'tagger', 'planner', 'validator', 'cleanup']) {
      const statements = rolePolicyOf(json, `prod-${name}-eu-west-1`);
      expect(actionsOf(statements).filter((a) => a.includes('*'))).toEqual([]);
    }
    const callback = rolePolicyOf(json, 'prod-callback-eu-west-1');
    // SendTask* have no resource-level permission (the token is the capability)
    expect(callback.find((s) => s.Sid === 'ReleaseWaitingTasks')!.Resource).toBe('*');
  });

  it('creates the task token, audit and idempotency tables on demand, with PITR, a customer-managed key and TTL', () => {
    const tables = resourcesOf(json, 'aws_dynamodb_table').map(([, t]) => t);
    expect(tables.map((t) => t.name).sort()).toEqual(['prod-backup-audit', 'prod-backup-idempotency', 'prod-backup-task-tokens']);
    for (const table of tables) {
      expect(table).toMatchObject({ billing_mode: 'PAY_PER_REQUEST', point_in_time_recovery: { enabled: true }, deletion_protection_enabled: true });
      expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\./) });
      expect(table.ttl.enabled).toBe(true);
    }
    const audit = tables.find((t) => t.name === 'prod-backup-audit')!;
    expect(audit.global_secondary_index.map((i: any) => [i.name, i.hash_key, i.range_key])).toEqual([
      ['by-resource', 'resourceArn', 'eventTime'],
      ['by-day', 'day', 'eventTime'],
    ]);
  });

  it('routes events with a retry policy and an encrypted dead-letter queue on every target', () => {
    const targets = resourcesOf(json, 'aws_cloudwatch_event_target').filter(ofOrchestration).map(([, t]) => t);
    expect(targets).toHaveLength(5);
    for (const target of targets) {
      expect(target.retry_policy).toEqual({ maximum_retry_attempts: 24, maximum_event_age_in_seconds: 86400 });
      const queue = referenced(json, target.dead_letter_config.arn);
      expect(queue).toMatchObject({ name: 'prod-backup-events-dlq', kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) });
    }
    const rules = resourcesOf(json, 'aws_cloudwatch_event_rule').filter(ofOrchestration).map(([, r]) => r.name).sort();
    expect(rules).toEqual(['prod-backup-audit', 'prod-backup-job-callback', 'prod-backup-job-recovery', 'prod-backup-restore-testing', 'prod-backup-tag-recovery-points']);
  });

  it('the recovery point tagger may call exactly the tagging API of each recovery point ARN shape, on recovery points only', () => {
    const tagging = rolePolicyOf(json, 'prod-tagger-eu-west-1').filter((st) => String(st.Sid).startsWith('TagOwnRecoveryPoints'));
    const apis = [...new Set(RECOVERY_POINT_ARN_SHAPES.flatMap((shape) => (shape.api ? [shape.api] : [])))].sort();
    expect(actionsOf(tagging)).toEqual(apis);
    const resources = tagging.flatMap((st) => [st.Resource].flat() as string[]);
    expect(resources).toEqual(expect.arrayContaining(['arn:aws:ec2:*::snapshot/*', 'arn:aws:ec2:*::image/*', 'arn:aws:rds:*:222222222222:snapshot:awsbackup:*']));
    // Only the environment's recovery point tag keys and source-plan may be written.
    for (const st of tagging) expect(st.Condition).toEqual({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['compliance-code', 'environment', 'managed-by', 'owner', 'source-plan'] } });
    // AWS Backup's TagResource only on backup ARNs: an EBS or RDS snapshot sent there is an error, not a tag.
    expect(tagging.find((st) => st.Action === 'backup:TagResource')?.Resource).toEqual(['arn:aws:backup:*:222222222222:recovery-point:*']);
  });

  it('the restore-testing validator answers only restore jobs of this environment restore testing plans, of types it checks', () => {
    const [, rule] = find(json, 'aws_cloudwatch_event_rule', (r) => r.name === 'prod-backup-restore-testing');
    const pattern = JSON.parse(rule.event_pattern);
    expect(pattern.detail.restoreTestingPlanArn.map((arn: string) => referenced(json, arn).name)).toEqual(['weekly_tables']);
    expect(pattern.detail.resourceType).toEqual(['DynamoDB']);
  });

  it.each(['prod-backup-job-recovery', 'prod-backup-tag-recovery-points'])('%s acts only on jobs of the plans of this environment in the region', (ruleName) => {
    const [, rule] = find(json, 'aws_cloudwatch_event_rule', (r) => r.name === ruleName);
    const pattern = JSON.parse(rule.event_pattern);
    const planIds = pattern.detail.createdBy.backupPlanId as string[];
    expect(planIds.map((id) => referenced(json, id).name).sort()).toEqual(['daily', 'monthly-7y']);
    expect(planIds.every((id) => referenced(json, id).provider === 'aws.eu-west-1')).toBe(true);
  });

  it('gives on-demand backups the environment tags from the start (the tagger handles plan jobs only)', () => {
    const [, machine] = find(json, 'aws_sfn_state_machine', (m) => m.name === 'prod-backup-orchestrator');
    expect(JSON.parse(machine.definition).States.StartBackupJob.Parameters.RecoveryPointTags).toMatchObject({
      environment: 'prod', owner: 'platform-team', 'compliance-code': 'SOC2-CC9.1', 'managed-by': 'cdktf-aws-backup', 'orchestrated-by': 'backup-orchestrator',
    });
  });

  it('alarms on every dead-letter queue and on unsuccessful executions of every machine, into the region topic', () => {
    const alarms = resourcesOf(json, 'aws_cloudwatch_metric_alarm').map(([, a]) => a);
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual([
      'prod-backup-events-dlq-not-empty', 'prod-backup-functions-dlq-not-empty', 'prod-backup-orchestrator-executions-failed',
      'prod-dr-drill-executions-failed', 'prod-job-recovery-executions-failed',
    ]);
    for (const alarm of alarms) expect(referenced(json, alarm.alarm_actions[0])).toMatchObject({ name: 'prod-backup-notifications', provider: 'aws.eu-west-1' });
  });

  it('schedules the configured drill with the drill input, retries and a dead-letter queue', () => {
    const [, schedule] = find(json, 'aws_scheduler_schedule', (s) => s.name === 'prod-drill-orders-db-monthly');
    const drill = prod.orchestration!.drills[0];
    expect(schedule).toMatchObject({ schedule_expression: 'cron(0 6 ? * 1#1 *)', schedule_expression_timezone: 'Europe/Dublin', state: 'ENABLED' });
    expect(JSON.parse(schedule.target.input)).toEqual(drillExecutionInput(drill));
    expect(JSON.parse(schedule.target.input)).toMatchObject({
      drillName: 'orders-db-monthly', resourceType: 'RDS', vaultName: 'prod-primary', targetRecoveryMinutes: 60, targetRecoverySeconds: 3600,
      restoreMetadataOverrides: { DBInstanceClass: 'db.t4g.medium', MultiAZ: 'false' },
    });
    expect(schedule.target.retry_policy).toEqual({ maximum_retry_attempts: 5, maximum_event_age_in_seconds: 3600 });
    expect(referenced(json, schedule.target.arn)).toMatchObject({ name: 'prod-dr-drill' });
    expect(trustOf(json, 'prod-scheduler-eu-west-1')[0].Condition.StringEquals).toEqual({ 'aws:SourceAccount': '222222222222' });
    // Scheduler sends the schedule group's ARN as aws:SourceArn: the drills have a group of their own and the trust names it.
    expect(referenced(json, schedule.group_name)).toMatchObject({ name: 'prod-dr-drills', provider: 'aws.eu-west-1' });
    expect(trustOf(json, 'prod-scheduler-eu-west-1')[0].Condition.ArnEquals).toEqual({ 'aws:SourceArn': 'arn:aws:scheduler:eu-west-1:222222222222:schedule-group/prod-dr-drills' });
  });

  it('renders the native restore testing plan and selection from config, restoring with the restore role', () => {
    const [, plan] = find(json, 'aws_backup_restore_testing_plan', (p) => p.name === 'weekly_tables');
    expect(plan.recovery_point_selection).toEqual([{
      algorithm: 'LATEST_WITHIN_WINDOW',
      include_vaults: ['arn:aws:backup:eu-west-1:222222222222:backup-vault:prod-primary'],
      recovery_point_types: ['SNAPSHOT'],
      selection_window_days: 7,
    }]);
    const [, selection] = find(json, 'aws_backup_restore_testing_selection', (s) => s.name === 'tagged_tables');
    expect(selection).toMatchObject({ protected_resource_type: 'DynamoDB', validation_window_hours: 2 });
    expect(selection.protected_resource_arns).toBeUndefined();
    expect(selection.protected_resource_conditions).toEqual([{ string_equals: [{ key: 'aws:ResourceTag/backup', value: 'daily' }] }]);
    expect(referenced(json, selection.iam_role_arn).name).toBe('prod-backup-restore');
  });

  it('publishes the tables, machines, functions and recovery point tags in SSM', () => {
    const parameters = new Map(resourcesOf(json, 'aws_ssm_parameter').filter(([, p]) => p.provider === 'aws.eu-west-1').map(([, p]) => [p.name, p.value]));
    for (const suffix of ['orchestration/task-token-table/name', 'orchestration/audit-table/name', 'orchestration/idempotency-table/name',
      'orchestration/backup-orchestrator/arn', 'orchestration/job-recovery/arn', 'orchestration/dr-drill/arn', 'functions/job-callback/arn',
      'environment/name', 'orchestration/audit-retention-days']) {
      expect(parameters.has(`/backup-estate/prod/${suffix}`)).toBe(true);
    }
    expect(JSON.parse(parameters.get('/backup-estate/prod/tagging/recovery-point-tags') as string)).toEqual({
      environment: 'prod', owner: 'platform-team', 'compliance-code': 'SOC2-CC9.1', 'managed-by': 'cdktf-aws-backup',
    });
  });

  it('creates nothing of the orchestration in eu-central-1, which is not an orchestration region', () => {
    const inFrankfurt = Object.values(json.resource).flatMap((r) => Object.values(r)).filter((b: any) => b.provider === 'aws.eu-central-1');
    const names = inFrankfurt.map((b: any) => b.name ?? b.function_name ?? '').filter(Boolean);
    expect(names.filter((n: string) => /orchestrat|audit|drill|task-tokens|recovery/.test(n) && !n.startsWith('/backup-estate'))).toEqual([]);
  });
});

describe('orchestration toggles', () => {
  it('leaves out job recovery when the config turns it off (dev)', () => {
    const json = synthEnvironment(exampleModel('dev'));
    const names = resourcesOf(json, 'aws_sfn_state_machine').map(([, m]) => m.name).sort();
    expect(names).toEqual(['dev-backup-orchestrator', 'dev-dr-drill']);
    expect(resourcesOf(json, 'aws_cloudwatch_event_rule').map(([, r]) => r.name)).not.toContain('dev-backup-job-recovery');
  });

  it('has no orchestrator and no recovery where the region has no plan (backup-central), but keeps drills and functions', () => {
    const json = synthEnvironment(exampleModel('backup-central'));
    expect(resourcesOf(json, 'aws_sfn_state_machine').map(([, m]) => m.name)).toEqual(['backup-central-dr-drill']);
    expect(resourcesOf(json, 'aws_cloudwatch_event_rule').filter(ofOrchestration).map(([, r]) => r.name).sort()).toEqual([
      'backup-central-backup-audit', 'backup-central-backup-job-callback',
    ]);
    expect(resourcesOf(json, 'aws_lambda_function')).toHaveLength(6);
  });

  it('creates nothing of the orchestration when the file turns it off', () => {
    const dev = exampleModel('dev');
    const json = synthEnvironment({ ...dev, orchestration: undefined });
    for (const type of ['aws_sfn_state_machine', 'aws_lambda_function', 'aws_dynamodb_table', 'aws_cloudwatch_event_rule', 'aws_sqs_queue']) {
      expect(resourcesOf(json, type).filter(ofOrchestration)).toEqual([]);
    }
  });
});

describe('orchestration in two regions of one environment', () => {
  it('creates a complete, distinctly named set per region (no id or name collisions)', () => {
    // GIVEN prod with orchestration also in eu-central-1 (where no plan runs)
    const prod = exampleModel('prod');
    const model = { ...prod, orchestration: { ...prod.orchestration!, regions: ['eu-west-1', 'eu-central-1'] } };

    // WHEN synthesized
    const json = synthEnvironment(model);

    // THEN each region has its functions, tables and drill machine; only eu-west-1 has plans to follow
    const perRegion = (type: string, region: string) => resourcesOf(json, type).filter(([, r]) => r.provider === `aws.${region}`).length;
    for (const region of ['eu-west-1', 'eu-central-1']) {
      // the primary region also holds the start endpoint's start and status functions
      expect(perRegion('aws_lambda_function', region)).toBe(region === 'eu-west-1' ? 8 : 6);
      expect(perRegion('aws_dynamodb_table', region)).toBe(3);
    }
    expect(resourcesOf(json, 'aws_sfn_state_machine').map(([, m]) => `${m.provider} ${m.name}`).sort()).toEqual([
      'aws.eu-central-1 prod-dr-drill', 'aws.eu-west-1 prod-backup-orchestrator', 'aws.eu-west-1 prod-dr-drill', 'aws.eu-west-1 prod-job-recovery',
    ]);
    // AND IAM role names, which are global, never repeat
    const roleNames = resourcesOf(json, 'aws_iam_role').map(([, r]) => r.name as string);
    expect(new Set(roleNames).size).toBe(roleNames.length);
    expect(roleNames).toContain('prod-callback-eu-central-1');
  });
});

describe('how long the machines wait for a job', () => {
  const timeoutOf = (json: SynthesizedStack, name: string) => JSON.parse(find(json, 'aws_sfn_state_machine', (m) => m.name === name)[1].definition).TimeoutSeconds as number;

  it('GIVEN prod (longest completion window the 7-day default, 12 h callback waits) WHEN synthesized THEN the orchestrator may wait 7 days for the backup and 7 for its copies', () => {
    const prod = exampleModel('prod');
    expect(prod.orchestration?.maxJobDurationSeconds).toBe(7 * 86400);
    expect(timeoutOf(synthEnvironment(prod), 'prod-backup-orchestrator')).toBe(2 * 7 * 86400 + 3600);
  });

  it('GIVEN a rule whose completion window is 14 days WHEN validated and synthesized THEN every machine waits that long for a job', () => {
    const set = examples().edit('prod', (d) => { d.plans[0].rules[0].completionWindowMinutes = 14 * 24 * 60; });
    const longer = parseEnvironments(set.sources()).find((m) => m.name === 'prod')!;
    expect(longer.orchestration?.maxJobDurationSeconds).toBe(14 * 86400);
    const json = synthEnvironment(longer);
    expect(timeoutOf(json, 'prod-backup-orchestrator')).toBe(2 * 14 * 86400 + 3600);
    expect(timeoutOf(json, 'prod-dr-drill')).toBe(14 * 86400 + 4 * 3600);
  });
});
