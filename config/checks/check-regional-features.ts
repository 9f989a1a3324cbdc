import { BACKUP_REGIONAL_GAPS, inGap, serviceOffered, type EndpointService } from '../aws-facts';
import type { EnvironmentFile } from '../schema';
import { environmentRegions, orchestrationRegions, planRegions } from './environment-facts';
import type { Findings } from './finding';

/*
 * The Regions a file uses offer what its stack creates there (AWS's endpoint model, config/aws-facts), and AWS Backup
 * features it uses are offered there; lists of Regions are never empty.
 */

/** What the stack creates in every orchestration Region (one orchestration layer each). */
const ORCHESTRATION_SERVICES: readonly EndpointService[] = ['dynamodb', 'events', 'kms', 'lambda', 'logs', 'monitoring', 'sns', 'sqs', 'states'];

/** `offered` is AWS's endpoint model (the ledger); tests pass a model where a Region lacks a service. */
export function checkRegionalFeatures(env: EnvironmentFile, out: Findings, offered: typeof serviceOffered = serviceOffered): void {
  const { partition } = env;
  const need = (path: (string | number)[], region: string, service: EndpointService, what: string) => {
    if (!offered(service, partition, region)) {
      out.report(path, 'region/service', `${region} does not offer ${service} (${what}), per AWS's endpoint model of the ${partition} partition`, region);
    }
  };
  environmentRegions(env).forEach((region, i) => {
    const path = i === 0 ? ['regions', 'primary'] : ['regions', 'additional', i - 1];
    need(path, region, 'backup', 'AWS Backup vaults and plans');
    need(path, region, 'kms', 'vault keys');
    need(path, region, 'sns', 'notification topics');
    need(path, region, 'ssm', 'published parameters');
  });
  const primary = env.regions.primary;
  for (const region of orchestrationRegions(env)) {
    for (const service of ORCHESTRATION_SERVICES) need(['orchestration'], region, service, 'the orchestration layer');
  }
  (env.orchestration?.drills ?? []).forEach((drill, d) => {
    need(['orchestration', 'drills', d], drill.region ?? primary, 'scheduler', 'EventBridge Scheduler starts drills');
  });
  if (env.access?.api) need(['access', 'api'], primary, 'apigateway', 'the start endpoint is an HTTP API');
  (env.orchestration?.restoreTesting ?? []).forEach((plan, p) => {
    const region = plan.region ?? primary;
    const gap = BACKUP_REGIONAL_GAPS.restoreTesting;
    if (inGap(gap, region)) out.report(['orchestration', 'restoreTesting', p], 'region/feature', `${gap.feature} is not offered in ${region}`, region);
  });
  (env.vaults ?? []).forEach((vault, v) => {
    if (vault.regions && vault.regions.length === 0) out.report(['vaults', v, 'regions'], 'region/empty-list', `vault "${vault.name}" would exist in no Region`, vault.regions);
  });
  (env.plans ?? []).forEach((plan, p) => {
    if (plan.regions && plan.regions.length === 0) out.report(['plans', p, 'regions'], 'region/empty-list', `plan "${plan.name}" would run in no Region`, plan.regions);
    else if (planRegions(env, plan).length === 0) out.report(['plans', p], 'region/empty-list', `plan "${plan.name}" runs in no Region`, plan.regions);
  });
}
