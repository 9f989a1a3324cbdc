import { backupOrchestratorDefinition } from '../../modules/state-machines/backup-orchestrator-definition';
import { jobRecoveryDefinition } from '../../modules/state-machines/job-recovery-definition';
import { drDrillDefinition } from '../../modules/state-machines/dr-drill-definition';
import { taskResources } from '../../modules/state-machines/definition-actions';
import { validate } from '../support/local-state-machine';
import { drillProps, orchestratorProps, recoveryProps } from '../support/state-machine-fixtures';

const REGION = /\b[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:east|west|north|south|central|northeast|southeast|northwest|southwest)-\d{1,2}\b/g;
const ACCOUNT = /(?<![\d])\d{12}(?![\d])/g;

const builders = {
  'backup orchestrator': (k: 'tokens' | 'plain') => backupOrchestratorDefinition(orchestratorProps(k)),
  'job recovery': (k: 'tokens' | 'plain') => jobRecoveryDefinition(recoveryProps(k)),
  'DR drill': (k: 'tokens' | 'plain') => drDrillDefinition(drillProps(k)),
};
const cases = Object.entries(builders).flatMap(([name, build]) => (['tokens', 'plain'] as const).map((k) => [`${name} (${k})`, () => build(k)] as const));

describe('state machine definitions', () => {
  it.each(cases)('%s passes asl-validator 4', (_name, build) => {
    const definition = build();
    const { isValid, errorsText } = validate(definition);
    if (!isValid) console.error(errorsText('\n'));
    expect(isValid).toBe(true);
  });

  it.each(cases)('%s: every Resource is a states integration of the partition', (_name, build) => {
    const resources = taskResources(build());
    expect(resources.length).toBeGreaterThan(0);
    for (const [, resource] of resources) expect(resource).toMatch(/^arn:aws:states:::/);
  });

  it.each(Object.entries(builders))('%s: built from tokens, holds no account ID or region name; JSON round trip is lossless', (_name, build) => {
    const text = JSON.stringify(build('tokens'));
    expect(text.match(ACCOUNT) ?? []).toEqual([]);
    expect(text.match(REGION) ?? []).toEqual([]);
    expect(JSON.parse(text)).toEqual(build('tokens'));
  });

  it.each(Object.entries(builders))('%s: intrinsic functions nest at most 10 deep (the Step Functions limit)', (_name, build) => {
    const depths: number[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === 'string' && v.startsWith('States.')) {
        let depth = 0;
        let max = 0;
        for (const m of v.matchAll(/States\.[A-Za-z]+\(|\)/g)) {
          depth += m[0] === ')' ? -1 : 1;
          max = Math.max(max, depth);
        }
        depths.push(max);
      } else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    visit(build('tokens'));
    expect(Math.max(...depths)).toBeLessThanOrEqual(10);
  });

  it('builds the partition into every integration ARN', () => {
    const cn = taskResources(drDrillDefinition({ ...drillProps('tokens'), partition: 'aws-cn' }));
    expect(cn.every(([, resource]) => resource.startsWith('arn:aws-cn:states:::'))).toBe(true);
  });

  it('the resources per state (for IAM)', () => {
    for (const [name, build] of Object.entries(builders)) {
      const rows = taskResources(build('tokens')).map(([state, resource]) => `${state.padEnd(34)} ${resource}`);
      console.log(`${name}\n  ${rows.join('\n  ')}`);
    }
  });
});
