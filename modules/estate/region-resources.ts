import type { Construct } from 'constructs';
import type { EnvironmentModel } from '../../config/model';
import { NotificationTopic } from '../backup/notification-topic';
import { ParameterPublisher } from '../core/parameter-publisher';
import type { RegionProviders } from '../core/region-providers';
import { notificationTopicName } from '../core/resource-names';

/** What every region of an environment has, whatever else its config asks for. */
export interface RegionResources {
  readonly region: string;
  /** The environment's notification topic in this region (vault events, alarms). */
  readonly topic: NotificationTopic;
  /** Writes the environment's SSM hierarchy in this region. */
  readonly parameters: ParameterPublisher;
}

/** The environment's SSM root: `<ssmParameterPrefix>/<environment>`. */
export function parameterRootOf(env: EnvironmentModel): string {
  return `${env.ssmParameterPrefix}/${env.name}`;
}

/** A notification topic and a parameter publisher in each of the environment's regions, in the config's order. */
export function addRegionResources(scope: Construct, env: EnvironmentModel, providers: RegionProviders): RegionResources[] {
  return env.regions.map((region) => ({
    region,
    topic: new NotificationTopic(scope, `notifications-${region}`, {
      provider: providers.forRegion(region),
      location: { partition: env.partition, region, accountId: env.accountId },
      topicName: notificationTopicName(env.name),
    }),
    parameters: new ParameterPublisher(scope, `parameters-${region}`, {
      provider: providers.forRegion(region),
      root: parameterRootOf(env),
    }),
  }));
}
