import { isSet, referencedResource, resourcesOfType, type SecurityRule, type Violation } from '../security-finding';

/**
 * No API route answers an unauthenticated caller. HTTP API routes default to authorization_type NONE; JWT and
 * CUSTOM (Lambda) authorization need the authorizer that checks the caller, AWS_IAM needs none (SigV4 is checked by
 * API Gateway). The `$default` route catches every request no other route matches, so it is held to the same rule.
 * On a WebSocket API only `$connect` takes authorization; its other routes are not checked.
 */
const AUTHORIZED_TYPES = ['JWT', 'CUSTOM', 'AWS_IAM'];

export const API_RULES: readonly SecurityRule[] = [
  {
    id: 'SEC-API-AUTH',
    severity: 'error',
    rationale:
      'Every API Gateway v2 route (including $default) requires JWT, CUSTOM or AWS_IAM authorization; JWT and CUSTOM routes name their authorizer_id.',
    check: (stack) =>
      resourcesOfType(stack, 'aws_apigatewayv2_route').flatMap((resource): Violation[] => {
        const { route_key: routeKey, authorization_type: type, authorizer_id: authorizerId } = resource.body;
        const api = referencedResource(stack, resource.body.api_id);
        if (api?.body.protocol_type === 'WEBSOCKET' && routeKey !== '$connect') return [];
        const route = routeKey === '$default'
          ? 'the $default route (it answers every request no other route matches)'
          : `route ${JSON.stringify(routeKey)}`;
        if (!AUTHORIZED_TYPES.includes(String(type))) {
          return [{
            resource,
            message: `${route} must set authorization_type to ${AUTHORIZED_TYPES.join(', ')} (absent means NONE: open to anyone)`,
            received: type,
          }];
        }
        if (type !== 'AWS_IAM' && !isSet(authorizerId)) {
          return [{ resource, message: `${route} has authorization_type ${type} but no authorizer_id`, received: authorizerId }];
        }
        return [];
      }),
  },
];
