import { isRegionOfPartition } from '../partitions';
import type { EnvironmentFile } from '../schema';
import { environmentRegions } from './environment-facts';
import type { Findings } from './finding';

/** Regions belong to the partition and are listed where they are used; ARNs stay in the partition. */
export function checkRegionsAndArns(env: EnvironmentFile, out: Findings): void {
  const partition = env.partition;
  const checkRegion = (path: (string | number)[], region: string) => {
    if (!isRegionOfPartition(region, partition)) {
      out.report(path, 'region/partition', `"${region}" is not a region of the ${partition} partition`, region);
    }
  };
  checkRegion(['regions', 'primary'], env.regions.primary);
  const seen = new Set([env.regions.primary]);
  (env.regions.additional ?? []).forEach((region, i) => {
    checkRegion(['regions', 'additional', i], region);
    if (seen.has(region)) out.report(['regions', 'additional', i], 'region/duplicate', `region ${region} is listed twice`, region);
    seen.add(region);
  });
  checkRegion(['state', 'region'], env.state.region);

  const known = new Set(environmentRegions(env));
  const mustBeListed = (path: (string | number)[], region: string) => {
    if (!known.has(region)) {
      out.report(path, 'region/not-in-environment', `region ${region} is not one of this environment's regions (${[...known].join(', ')})`, region);
    }
  };
  const checkList = (path: (string | number)[], regions: readonly string[] | undefined) => {
    const listed = new Set<string>();
    regions?.forEach((region, i) => {
      mustBeListed([...path, i], region);
      if (listed.has(region)) out.report([...path, i], 'region/duplicate', `region ${region} is listed twice`, region);
      listed.add(region);
    });
  };
  (env.vaults ?? []).forEach((vault, v) => checkList(['vaults', v, 'regions'], vault.regions));
  (env.plans ?? []).forEach((plan, p) => checkList(['plans', p, 'regions'], plan.regions));

  const arnPrefix = `arn:${partition}:`;
  const checkArn = (path: (string | number)[], arn: string | undefined) => {
    if (arn !== undefined && arn !== '*' && !arn.startsWith(arnPrefix)) {
      out.report(path, 'arn/partition', `ARN must start with "${arnPrefix}" (partition ${partition})`, arn);
    }
  };
  checkArn(['deployment', 'roleArn'], env.deployment.roleArn);
  checkArn(['state', 'roleArn'], env.state.roleArn);
  checkArn(['state', 'kmsKeyArn'], env.state.kmsKeyArn);
  const roleAccount = env.deployment.roleArn.split(':')[4];
  if (roleAccount !== env.accountId) {
    out.report(['deployment', 'roleArn'], 'deployment/account', `the role must be in account ${env.accountId}, not ${roleAccount}`, env.deployment.roleArn);
  }
  // The CI roles' boundary allows sts:AssumeRole on roles of this account only: a state role elsewhere would be
  // granted by the CI policy and denied by the boundary, failing every plan and deploy.
  const stateRoleAccount = env.state.roleArn?.split(':')[4];
  if (env.state.roleArn !== undefined && stateRoleAccount !== env.accountId) {
    out.report(['state', 'roleArn'], 'state/role-account', `the state role must be in account ${env.accountId} (the CI roles' permissions boundary allows assuming roles of this account only), not ${stateRoleAccount}`, env.state.roleArn);
  }
}
