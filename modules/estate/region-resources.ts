import type { Construct } from 'constructs';
import type { EnvironmentModel } from '../../config/model';
import { NotificationTopic } from '../backup/notification-topic';
import { ParameterPublisher } from '../core/parameter-publisher';
import type { RegionProviders } from '../core/region-providers';
import { BreakGlassAlert } from '../access/break-glass-alert';
import { iamRoleArn } from '../core/aws-partition';
import { breakGlassAlertRuleName, notificationTopicName, topicArnOf } from '../core/resource-names';

/** What every region of an environment has, whatever else its config asks for. */
export interface RegionResources {
  readonly region: string;
  /** The environment's notification topic in this region (vault events, alarms). */
  readonly topic: NotificationTopic;
  /** Writes the environment's SSM hierarchy in this region. */
  readonly parameters: ParameterPublisher;
  /** The alert on the break-glass role being assumed or used in this region. */
  readonly breakGlassAlert: BreakGlassAlert;
}

/** The environment's SSM root: `<ssmParameterPrefix>/<environment>`. */
export function parameterRootOf(env: EnvironmentModel): string {
  return `${env.ssmParameterPrefix}/${env.name}`;
}

/**
 * A notification topic, the break-glass alert publishing to it, and a parameter publisher in each of the environment's
 * regions, in the config's order. The alert exists whether or not this file creates the break-glass role: the vault
 * policies let a role of that name empty the vaults.
 */
export function addRegionResources(scope: Construct, env: EnvironmentModel, providers: RegionProviders): RegionResources[] {
  return env.regions.map((region) => {
    const location = { partition: env.partition, region, accountId: env.accountId };
    return {
      region,
      topic: new NotificationTopic(scope, `notifications-${region}`, {
        provider: providers.forRegion(region),
        location,
        topicName: notificationTopicName(env.name),
        alertRuleName: breakGlassAlertRuleName(env.name),
      }),
      breakGlassAlert: new BreakGlassAlert(scope, `break-glass-alert-${region}`, {
        provider: providers.forRegion(region),
        ruleName: breakGlassAlertRuleName(env.name),
        roleArn: iamRoleArn(env.partition, env.accountId, env.breakGlassRoleName),
        topicArn: topicArnOf(location, notificationTopicName(env.name)),
      }),
      parameters: new ParameterPublisher(scope, `parameters-${region}`, {
        provider: providers.forRegion(region),
        root: parameterRootOf(env),
      }),
    };
  });
}
