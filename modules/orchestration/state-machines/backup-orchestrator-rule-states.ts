import type { State } from './asl-types';
import { lifecycleParameters } from './lifecycle-parameters';
import type { BackupOrchestratorDefinitionProps } from './definition-props';

/**
 * The request checked, then the rule it names (the default rule when it names none) resolved into `$.settings`
 * (vault, lifecycle, copies), the request's vault overriding the rule's. Then StartBackupJob.
 */
export function ruleResolutionStates(props: BackupOrchestratorDefinitionProps, defaultIndex: number): Record<string, State> {
  const ruleState = (i: number) => `UseRule${i + 1}`;
  return {
    ValidateRequest: {
      Type: 'Choice',
      Choices: [{
        And: [{ Variable: '$.request.resourceArn', IsPresent: true }, { Variable: '$.request.resourceArn', IsString: true }],
        Next: 'ResolveRule',
      }],
      Default: 'InvalidRequest',
    },
    ResolveRule: {
      Type: 'Choice',
      Comment: `Rule named by the request, ${props.defaultRuleKey} when it names none.`,
      Choices: [
        // Not/IsPresent rather than IsPresent: false, which aws-local-stepfunctions 3.0.0 evaluates wrongly.
        { Not: { Variable: '$.request.rule', IsPresent: true }, Next: ruleState(defaultIndex) },
        ...props.rules.map((r, i) => ({ Variable: '$.request.rule', StringEquals: r.key, Next: ruleState(i) })),
      ],
      Default: 'UnknownRule',
    },
    ...Object.fromEntries(props.rules.map((r, i) => [ruleState(i), {
      Type: 'Pass',
      Comment: `Rule ${r.key}`,
      Result: {
        key: r.key,
        vaultName: r.vaultName,
        lifecycle: lifecycleParameters(r.lifecycle),
        copies: r.copies.map((c) => ({ destinationVaultArn: c.destinationVaultArn, lifecycle: lifecycleParameters(c.lifecycle) })),
      },
      ResultPath: '$.settings',
      Next: 'CheckVaultOverride',
    }])),
    CheckVaultOverride: {
      Type: 'Choice',
      Choices: [{ Variable: '$.request.vaultName', IsPresent: true, Next: 'OverrideVault' }],
      Default: 'StartBackupJob',
    },
    OverrideVault: { Type: 'Pass', InputPath: '$.request.vaultName', ResultPath: '$.settings.vaultName', Next: 'StartBackupJob' },
  };
}
