/** The roles people (proxy, OIDC) and CI (GitHub Actions) assume. */
export { AccessRoles, type AccessRolesProps } from './access-roles';
export type { EstateAccess, OrchestrationAccess } from './operator-permissions';
export type { TerraformStateLocation } from './ci-permissions';
