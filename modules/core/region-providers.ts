import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

export interface RegionProvidersProps {
  /** Regions to create a provider alias for; the first is the primary region. */
  readonly regions: readonly string[];
  /** Role Terraform assumes in the target account. */
  readonly roleArn: string;
  /** Session name for the assumed role (shows in CloudTrail). */
  readonly sessionName: string;
  /** External ID the role's trust policy requires. @default none */
  readonly externalId?: string;
  /** Tags every resource gets (provider default_tags). */
  readonly defaultTags: Readonly<Record<string, string>>;
}

/**
 * One AwsProvider alias per region (provider 5.x has no per-resource region), each assuming the deployment
 * role with default tags. The alias is the region code, so `provider = aws.<region code>` reads plainly.
 */
export class RegionProviders extends Construct {
  /** The provider of the primary region: global resources (IAM) are bound to it. */
  public readonly primary: AwsProvider;
  private readonly byRegion = new Map<string, AwsProvider>();

  constructor(scope: Construct, id: string, props: RegionProvidersProps) {
    super(scope, id);
    if (props.regions.length === 0) throw new Error('RegionProviders needs at least one region; got none');
    for (const region of props.regions) {
      if (this.byRegion.has(region)) throw new Error(`RegionProviders: region listed twice; got ${region}`);
      this.byRegion.set(
        region,
        new AwsProvider(this, region, {
          alias: region,
          region,
          assumeRole: [{ roleArn: props.roleArn, sessionName: props.sessionName, externalId: props.externalId }],
          defaultTags: [{ tags: { ...props.defaultTags } }],
        }),
      );
    }
    this.primary = this.forRegion(props.regions[0]);
  }

  /** The provider bound to `region`; fails loudly for a region the environment does not list. */
  forRegion(region: string): AwsProvider {
    const provider = this.byRegion.get(region);
    if (!provider) throw new Error(`No provider for region ${region}; the environment lists ${[...this.byRegion.keys()].join(', ')}`);
    return provider;
  }

  get regions(): string[] {
    return [...this.byRegion.keys()];
  }
}
