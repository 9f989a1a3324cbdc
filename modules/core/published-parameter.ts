/**
 * A value a construct publishes below its environment's SSM root (README "SSM parameter hierarchy"), so functions
 * and other teams look it up instead of hard-coding it. Constructs only declare these; the stack decides in which
 * regions they are written (ParameterPublisher).
 */
export interface PublishedParameter {
  /** Below the root, `/`-separated, e.g. `vaults/prod/arn`. */
  readonly path: string;
  readonly value: string;
  /** What the value is, for people browsing the hierarchy. */
  readonly description: string;
}
