import { Token } from 'cdktf';
import { LOG_RETENTION_DAYS } from '../../config/schema';
import type { StartApiProps, StartApiScopes, StartApiThrottling } from './start-api-props';

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
/** RFC 6749 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const STATE_MACHINE_ARN = /^arn:([^:]+):states:([^:]+):([^:]+):stateMachine:([A-Za-z0-9_-]{1,80})$/;

/** Refuses props API Gateway, Lambda or CloudWatch Logs would refuse at apply, or that would expose too much. */
export function validateStartApiProps(props: StartApiProps, scopes: StartApiScopes, throttling: StartApiThrottling): void {
  const fail = (rule: string) => {
    throw new Error(`StartApi: ${rule}`);
  };
  if (!ENVIRONMENT_NAME.test(props.environmentName)) {
    fail(`environmentName must be 3-32 lowercase letters, digits or "-", starting with a letter; got "${props.environmentName}"`);
  }
  if (!Token.isUnresolved(props.jwt.issuer) && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(props.jwt.issuer)) {
    fail(`jwt.issuer must be an https URL (API Gateway fetches the issuer's keys over https); got "${props.jwt.issuer}"`);
  }
  if (props.jwt.audiences.length === 0) fail('jwt.audiences must name at least one audience (API Gateway rejects tokens for no audience); got none');
  const blankAudience = props.jwt.audiences.find((a) => a.trim() === '');
  if (blankAudience !== undefined) fail(`jwt.audiences must not contain empty values; got "${blankAudience}"`);
  for (const kind of ['start', 'read'] as const) {
    if (!SCOPE_TOKEN.test(scopes[kind])) {
      fail(`scopes.${kind} must be one OAuth scope (printable characters, no spaces, quotes or backslashes); got "${scopes[kind]}"`);
    }
  }
  if (scopes.start === scopes.read) fail(`scopes.start and scopes.read must differ (reading must not allow starting); got "${scopes.start}" for both`);
  if (!Number.isInteger(throttling.burstLimit) || throttling.burstLimit < 1 || throttling.burstLimit > 5000) {
    fail(`throttling.burstLimit must be a whole number from 1 to 5000; got ${throttling.burstLimit}`);
  }
  if (!Number.isFinite(throttling.rateLimit) || throttling.rateLimit <= 0 || throttling.rateLimit > 10000) {
    fail(`throttling.rateLimit must be above 0 and at most 10000 requests per second; got ${throttling.rateLimit}`);
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(props.logRetentionDays)) {
    fail(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}; got ${props.logRetentionDays}`);
  }
  const machines = { orchestratorStateMachineArn: props.orchestratorStateMachineArn, drillStateMachineArn: props.drillStateMachineArn };
  for (const [name, arn] of Object.entries(machines)) {
    if (arn === undefined || Token.isUnresolved(arn)) continue;
    const match = STATE_MACHINE_ARN.exec(arn);
    const { partition, region, accountId } = props.location;
    if (!match || match[1] !== partition || match[2] !== region || match[3] !== accountId) {
      fail(`${name} must be a state machine ARN of this environment (arn:${partition}:states:${region}:${accountId}:stateMachine:<name>); got "${arn}"`);
    }
  }
  if (props.drillStateMachineArn !== undefined && props.drillStateMachineArn === props.orchestratorStateMachineArn) {
    fail(`drillStateMachineArn must differ from orchestratorStateMachineArn; got "${props.drillStateMachineArn}" for both`);
  }
  if (!/^\/[^\s]*[^/\s]$/.test(props.parameterRoot)) fail(`parameterRoot must be an SSM path starting with "/" and not ending with "/"; got "${props.parameterRoot}"`);
}
