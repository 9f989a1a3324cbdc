/*
 * The IAM actions a state machine definition calls, read from its Task states, so an execution role can be
 * checked against (and built from) what the states really do.
 */

interface StateLike {
  readonly Type?: string;
  readonly Resource?: string;
  readonly States?: Record<string, StateLike>;
  readonly Iterator?: { readonly States: Record<string, StateLike> };
  readonly ItemProcessor?: { readonly States: Record<string, StateLike> };
  readonly Branches?: readonly { readonly States: Record<string, StateLike> }[];
}

/** SDK integration service names whose IAM prefix differs. */
const IAM_PREFIX: Readonly<Record<string, string>> = { sfn: 'states' };

/** Optimized integrations (`arn:<p>:states:::<service>:<api>`) and the IAM action each calls. */
const OPTIMIZED: Readonly<Record<string, string>> = {
  'lambda:invoke': 'lambda:InvokeFunction',
  'sns:publish': 'sns:Publish',
  'dynamodb:putItem': 'dynamodb:PutItem',
  'dynamodb:getItem': 'dynamodb:GetItem',
  'dynamodb:updateItem': 'dynamodb:UpdateItem',
  'dynamodb:deleteItem': 'dynamodb:DeleteItem',
  'sqs:sendMessage': 'sqs:SendMessage',
  'states:startExecution': 'states:StartExecution',
};

/** Every Task state of a definition, Map and Parallel branches included, as [state name, Resource]. */
export function taskResources(definition: { readonly States: Record<string, StateLike> }): [string, string][] {
  const found: [string, string][] = [];
  const walk = (states: Record<string, StateLike>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task' && state.Resource) found.push([name, state.Resource]);
      if (state.Iterator) walk(state.Iterator.States);
      if (state.ItemProcessor) walk(state.ItemProcessor.States);
      for (const branch of state.Branches ?? []) walk(branch.States);
    }
  };
  walk(definition.States);
  return found;
}

/** The IAM action a Task resource calls, e.g. `...:::aws-sdk:backup:startBackupJob` -> `backup:StartBackupJob`. */
export function iamActionOf(resource: string): string {
  const match = /^arn:[a-z-]+:states:::(.+?)(\.waitForTaskToken|\.sync(:2)?)?$/.exec(resource);
  if (!match) throw new Error(`iamActionOf: not a Step Functions integration ARN; got "${resource}"`);
  const integration = match[1];
  const sdk = /^aws-sdk:([a-z0-9]+):([a-zA-Z0-9]+)$/.exec(integration);
  if (sdk) {
    const [, service, api] = sdk;
    return `${IAM_PREFIX[service] ?? service}:${api[0].toUpperCase()}${api.slice(1)}`;
  }
  const optimized = OPTIMIZED[integration];
  if (!optimized) throw new Error(`iamActionOf: unknown optimized integration "${integration}"; add it to OPTIMIZED`);
  return optimized;
}

/** The sorted, distinct IAM actions of a definition. */
export function definitionActions(definition: { readonly States: Record<string, StateLike> }): string[] {
  return [...new Set(taskResources(definition).map(([, resource]) => iamActionOf(resource)))].sort();
}
