/*
 * The only region and account the benchmarks name: neutral dummy values for ARNs and AWS_REGION that nothing
 * resolves or calls. us-east-1 is also the region whose list prices the cost figures quote.
 */

export const DUMMY_PARTITION = 'aws';
export const DUMMY_REGION = 'us-east-1';
export const DUMMY_ACCOUNT = '000000000000';

/** `arn:aws:<service>:us-east-1:000000000000:<resource>` (the resource part as AWS spells it). */
export function dummyArn(service: string, resource: string, region: string = DUMMY_REGION): string {
  return `arn:${DUMMY_PARTITION}:${service}:${region}:${DUMMY_ACCOUNT}:${resource}`;
}
