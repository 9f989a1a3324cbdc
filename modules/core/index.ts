/** What every construct of the estate stands on: where ARNs point, providers per region, names, SSM publication. */
export type { AwsLocation } from './aws-partition';
export { RegionProviders, type RegionProvidersProps } from './region-providers';
export { ParameterPublisher, type ParameterPublisherProps } from './parameter-publisher';
export { terraformRequirement, type TerraformRequirement } from './terraform-requirements';
