/** Roles with inline least-privilege policies, and the permissions boundaries every role of a stack gets. */
export { LeastPrivilegeRole, type LeastPrivilegeRoleProps } from './least-privilege-role';
export { ServiceRole, type ServiceRoleProps } from './service-role';
export { PermissionsBoundary, type PermissionsBoundaryProps } from './permissions-boundary';
export type { PolicyStatement } from './policy-document';
