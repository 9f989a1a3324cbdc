import type { APIGatewayEventRequestContextJWTAuthorizer } from 'aws-lambda';
import {
  CALLER_OVERRIDE_KEYS, type StartCatalog,
} from '../../config/function-contract/start-catalog';
import { withDrillForcedKeys } from '../../config/function-contract/drill-restore-metadata';
import { parseArn } from '../shared/arn';

export type StartMachine = 'backups' | 'drills';

/** Step Functions execution names as the start API accepts them (modules/start-api/start-api-routes.ts EXECUTION_NAME_PATTERN). */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_REASON_LENGTH = 500;
const MAX_OVERRIDE_VALUE_LENGTH = 256;

/** Who started an execution, from the verified token only (never from the body). */
export interface Requester {
  readonly subject: string;
  readonly issuer?: string;
  readonly clientId?: string;
}

export type StartRequest =
  | { readonly ok: true; readonly machine: StartMachine; readonly name: string; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly statusCode: 400 | 401 | 404; readonly error: string; readonly message: string };

type Claims = APIGatewayEventRequestContextJWTAuthorizer['jwt']['claims'];

const refuse = (statusCode: 400 | 401 | 404, error: string, message: string): StartRequest => ({ ok: false, statusCode, error, message });
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const clip = (value: string) => value.slice(0, 80);

/**
 * The requester as the JWT authorizer verified it: `sub`, `iss` and the OAuth client (`client_id`, or `azp`). The
 * authorizer passes claims to a Lambda proxy integration in requestContext.authorizer.jwt.claims
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html).
 */
export function requesterOf(claims: Claims | undefined): Requester | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const subject = text(claims?.sub);
  if (!subject) return undefined;
  const issuer = text(claims?.iss);
  const clientId = text(claims?.client_id) ?? text(claims?.azp);
  return { subject, ...(issuer ? { issuer } : {}), ...(clientId ? { clientId } : {}) };
}

/** The Idempotency-Key header, matched case-insensitively (HTTP header names are case-insensitive). */
export function idempotencyKey(headers: Record<string, string | undefined> | undefined): string | undefined {
  return Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'idempotency-key')?.[1];
}

function unknownFields(body: Record<string, unknown>, allowed: readonly string[]): StartRequest | undefined {
  const extra = Object.keys(body).filter((key) => !allowed.includes(key)).sort();
  if (extra.length === 0) return undefined;
  return refuse(400, 'UnsupportedField', `Fields ${extra.map(clip).join(', ')} are not accepted: use only ${allowed.join(', ')} (the rest comes from the configuration or the token)`);
}

function reasonOf(body: Record<string, unknown>): string | StartRequest | undefined {
  if (body.reason === undefined) return undefined;
  if (typeof body.reason !== 'string' || body.reason.length > MAX_REASON_LENGTH) {
    return refuse(400, 'InvalidReason', `reason must be text of at most ${MAX_REASON_LENGTH} characters`);
  }
  return body.reason;
}

/**
 * An on-demand backup: a resource of this account and region (S3 bucket ARNs carry neither) following one of the
 * configured `<plan>/<rule>` of the region. The vault comes from the rule, never from the caller.
 */
function backupInput(body: Record<string, unknown>, catalog: StartCatalog, requester: Requester): Record<string, unknown> | StartRequest {
  const unknown = unknownFields(body, ['resourceArn', 'rule', 'reason']);
  if (unknown) return unknown;
  const resourceArn = body.resourceArn;
  if (typeof resourceArn !== 'string' || resourceArn.length > 1600) return refuse(400, 'InvalidResourceArn', 'resourceArn must be an ARN');
  let parts;
  try {
    parts = parseArn(resourceArn);
  } catch {
    return refuse(400, 'InvalidResourceArn', `resourceArn is not an ARN: "${clip(resourceArn)}"`);
  }
  const ownAccount = parts.accountId === catalog.accountId || (parts.accountId === '' && parts.service === 's3');
  const ownRegion = parts.region === catalog.region || (parts.region === '' && parts.service === 's3');
  if (parts.partition !== catalog.partition || !ownAccount || !ownRegion || parts.resource === '') {
    return refuse(400, 'ResourceNotInEnvironment', `resourceArn must be a resource of account ${catalog.accountId} in ${catalog.region}; got "${clip(resourceArn)}"`);
  }
  if (body.rule !== undefined && (typeof body.rule !== 'string' || !catalog.onDemandRules.includes(body.rule))) {
    return refuse(400, 'UnknownRule', `rule must be one of ${catalog.onDemandRules.join(', ')}; got "${clip(String(body.rule))}"`);
  }
  const reason = reasonOf(body);
  if (typeof reason === 'object') return reason;
  return {
    resourceArn,
    ...(body.rule !== undefined ? { rule: body.rule } : {}),
    ...(reason !== undefined ? { reason } : {}),
    requestedBy: requester,
  };
}

/**
 * A configured drill, by name: resource, type, vault and objective come from the configuration; the caller may
 * override only CALLER_OVERRIDE_KEYS, and withDrillForcedKeys (what every drill forces, scheduled ones too) is applied last.
 */
function drillInput(body: Record<string, unknown>, catalog: StartCatalog, requester: Requester): Record<string, unknown> | StartRequest {
  const unknown = unknownFields(body, ['drillName', 'restoreMetadataOverrides', 'reason']);
  if (unknown) return unknown;
  const names = Object.keys(catalog.drills).sort();
  const drillName = body.drillName;
  if (typeof drillName !== 'string' || !Object.prototype.hasOwnProperty.call(catalog.drills, drillName)) {
    return refuse(400, 'UnknownDrill', `drillName must be a configured drill (${names.join(', ') || 'none configured'}); got "${clip(String(drillName))}"`);
  }
  const drill = catalog.drills[drillName];
  const requested = body.restoreMetadataOverrides ?? {};
  if (!isRecord(requested)) return refuse(400, 'InvalidOverrides', 'restoreMetadataOverrides must be an object of strings');
  for (const [key, value] of Object.entries(requested)) {
    if (!CALLER_OVERRIDE_KEYS.includes(key)) {
      return refuse(400, 'OverrideNotAllowed', `restore metadata key "${clip(key)}" may not be overridden through the API; allowed: ${CALLER_OVERRIDE_KEYS.join(', ')}`);
    }
    if (typeof value !== 'string' || value.length > MAX_OVERRIDE_VALUE_LENGTH) {
      return refuse(400, 'InvalidOverrides', `restore metadata value of "${key}" must be text of at most ${MAX_OVERRIDE_VALUE_LENGTH} characters`);
    }
  }
  const reason = reasonOf(body);
  if (typeof reason === 'object') return reason;
  const merged = withDrillForcedKeys({ ...drill.restoreMetadataOverrides, ...(requested as Record<string, string>) }, drill.resourceType);
  // Sorted: the same request always gives the same input text, which StartExecution's idempotency compares.
  const restoreMetadataOverrides = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  return {
    drillName,
    resourceArn: drill.resourceArn,
    resourceType: drill.resourceType,
    ...(drill.vaultName ? { vaultName: drill.vaultName } : {}),
    restoreMetadataOverrides,
    ...(drill.targetRecoveryMinutes ? { targetRecoveryMinutes: drill.targetRecoveryMinutes, targetRecoverySeconds: drill.targetRecoveryMinutes * 60 } : {}),
    ...(reason !== undefined ? { reason } : {}),
    requestedBy: requester,
  };
}

/**
 * Everything checked before anything is started: the key, the body against the catalog, the requester from the
 * token. The execution input is built here, never copied from the body.
 */
export function parseStartRequest(
  machine: StartMachine,
  headers: Record<string, string | undefined> | undefined,
  rawBody: string | undefined,
  catalog: StartCatalog,
  requester: Requester | undefined,
): StartRequest {
  if (!requester) return refuse(401, 'NoSubject', 'The token carries no sub claim: the requester must be identified');
  const name = idempotencyKey(headers);
  if (name === undefined || !EXECUTION_NAME.test(name)) {
    return refuse(400, 'InvalidIdempotencyKey', 'The Idempotency-Key header is required: 1-80 letters, digits, "-" or "_" (it becomes the execution name)');
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody ?? '');
  } catch {
    return refuse(400, 'InvalidBody', 'The body must be a JSON object');
  }
  if (!isRecord(body)) return refuse(400, 'InvalidBody', 'The body must be a JSON object');
  const input = machine === 'backups' ? backupInput(body, catalog, requester) : drillInput(body, catalog, requester);
  if ('ok' in input && input.ok === false) return input as StartRequest;
  return { ok: true, machine, name, input: input as Record<string, unknown> };
}
