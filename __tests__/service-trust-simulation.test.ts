import { requestContextOf, serviceOfPrincipal } from '../config/aws-facts';
import { StackIam } from './support/iam-simulation';
import { exampleModel, resourcesOf, synthEnvironment } from './support/synth';

/*
 * Every role a service assumes, asked for with the request context AWS sends (config/aws-facts/service-principals.ts):
 * aws:SourceArn of the resource that uses the role (the schedule GROUP for EventBridge Scheduler, the state machine
 * for Step Functions, the rule for EventBridge), aws:SourceAccount of this account. The ARN the service sends is taken
 * from the stack's resource that names the role, not from the trust policy, so a trust pinned to a shape the service
 * never sends (a schedule-name prefix) is denied here. A neighbouring resource (another group, another state
 * machine, another rule) and another account are denied.
 */

jest.setTimeout(240_000);

const prod = exampleModel('prod');
const stack = synthEnvironment(prod);
const iam = new StackIam(prod, stack);
const OTHER_ACCOUNT = '999999999999';
const resolve = (text: string) => iam.resolver.resolveText(text);
const roleRef = (roleName: string) => `\${aws_iam_role.${iam.role(roleName).id}.arn}`;

/** The ARNs the service sends as aws:SourceArn when it assumes the role: those of the stack's resources using it. */
function sourceArnsFor(service: string, roleName: string): string[] {
  const ref = roleRef(roleName);
  switch (service) {
    case 'scheduler':
      // Scheduler sends the ARN of the schedule's group (a schedule without group_name is in "default").
      return resourcesOf(stack, 'aws_scheduler_schedule').filter(([, s]) => s.target.role_arn === ref).map(([id, s]) =>
        `arn:${prod.partition}:scheduler:${iam.resolver.regionOf('aws_scheduler_schedule', id)}:${prod.accountId}:schedule-group/${resolve(s.group_name ?? 'default')}`);
    case 'states':
      return resourcesOf(stack, 'aws_sfn_state_machine').filter(([, m]) => m.role_arn === ref).map(([id]) => resolve(`\${aws_sfn_state_machine.${id}.arn}`));
    case 'events':
      return resourcesOf(stack, 'aws_cloudwatch_event_target').filter(([, t]) => t.role_arn === ref)
        .map(([, t]) => resolve(String(t.rule).replace(/\.name\}$/, '.arn}')));
    default:
      return [];
  }
}

/** A resource of the same kind next to it: the default schedule group, another state machine or rule of the account. */
function neighbourOf(sourceArn: string): string {
  if (sourceArn.includes(':schedule-group/')) return sourceArn.replace(/schedule-group\/.+$/, 'schedule-group/default');
  return `${sourceArn}-other`;
}

const serviceRoles = [...iam.roles.values()].flatMap((role) =>
  role.trust.Statement.flatMap((s) => [s.Principal?.Service ?? []].flat().map((principal: string) => ({ role: role.name, principal }))));

describe('service role trusts evaluated with the request context AWS sends', () => {
  it('the stack has roles assumed by the scheduler, Step Functions, EventBridge, Lambda and AWS Backup', () => {
    for (const service of ['scheduler', 'states', 'events', 'lambda', 'backup']) {
      expect(serviceRoles.map((r) => serviceOfPrincipal(r.principal))).toContain(service);
    }
  });

  it.each(serviceRoles.map((r) => [`${r.principal} assumes ${r.role}`, r] as const))('%s', async (_, { role, principal }) => {
    const service = serviceOfPrincipal(principal);
    const sends = requestContextOf(principal, 'sts:AssumeRole')?.sends;
    if (sends === undefined) throw new Error(`the ledger does not say what ${principal} sends when it assumes a role`);
    const account: Record<string, string> = sends.includes('aws:SourceAccount') ? { 'aws:SourceAccount': prod.accountId } : {};
    if (!sends.includes('aws:SourceArn')) {
      expect(await iam.serviceAssumes(principal, role, account)).toBe('Allowed');
      if (sends.includes('aws:SourceAccount')) {
        expect(await iam.serviceAssumes(principal, role, { 'aws:SourceAccount': OTHER_ACCOUNT })).not.toBe('Allowed');
      }
      return;
    }
    const sourceArns = sourceArnsFor(service, role);
    expect(sourceArns.length).toBeGreaterThan(0);
    for (const sourceArn of sourceArns) {
      expect(await iam.serviceAssumes(principal, role, { ...account, 'aws:SourceArn': sourceArn })).toBe('Allowed');
      expect(await iam.serviceAssumes(principal, role, { ...account, 'aws:SourceArn': neighbourOf(sourceArn) })).not.toBe('Allowed');
      expect(await iam.serviceAssumes(principal, role, { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': sourceArn.replace(prod.accountId, OTHER_ACCOUNT) })).not.toBe('Allowed');
    }
  });

  it('the scheduler role is assumed for the drill schedule group, not for a schedule ARN or the default group', async () => {
    const role = serviceRoles.find((r) => serviceOfPrincipal(r.principal) === 'scheduler')!;
    const [group] = sourceArnsFor('scheduler', role.role);
    expect(group).toBe(`arn:${prod.partition}:scheduler:${prod.primaryRegion}:${prod.accountId}:schedule-group/prod-dr-drills`);
    const context = { 'aws:SourceAccount': prod.accountId };
    expect(await iam.serviceAssumes(role.principal, role.role, { ...context, 'aws:SourceArn': group })).toBe('Allowed');
    const schedule = group.replace('schedule-group/prod-dr-drills', 'schedule/prod-dr-drills/prod-drill-orders-db-monthly');
    expect(await iam.serviceAssumes(role.principal, role.role, { ...context, 'aws:SourceArn': schedule })).not.toBe('Allowed');
    expect(await iam.serviceAssumes(role.principal, role.role, { ...context, 'aws:SourceArn': group.replace('prod-dr-drills', 'default') })).not.toBe('Allowed');
  });
});
