/**
 * Every validation rule, by stable ID, with the reason it exists. IDs appear in error messages so a user can
 * look the rule up here (and in the README table generated from this list); tests prove each one fires.
 */
export const RULES = {
  // Schema and file level
  'schema/invalid': 'The file does not match the environment schema (type, format or unknown key).',
  'yaml/syntax': 'The file is not valid YAML.',
  'environment/file-name': 'The file name must be <name>.yaml, so the file that defines a stack is obvious.',
  'environment/file': 'An environment file must be a readable UTF-8 file (not a directory, a dangling link or a link loop).',
  'environment/unique-name': 'Environment names are stack names: two files may not share one.',
  'environment/unique-account': 'One file per AWS account: two files may not manage the same account.',
  // Regions, partitions, ARNs
  'region/partition': 'A region must be a published region of the environment partition (AWS SDK partition data).',
  'region/duplicate': 'A region is listed twice.',
  'region/empty-list': 'A vault or plan given an empty regions list would exist nowhere: name at least one region, or leave the list out.',
  'region/service': 'Each Region offers the AWS services the stack creates there (AWS endpoint model: Backup, Step Functions, Lambda, EventBridge Scheduler, API Gateway...).',
  'region/feature': 'AWS Backup features the file uses are offered in their Region (restore testing is not offered in China).',
  'region-settings/opt-in': 'A resource type the file names (selection ARNs, drills, restore tests) must not be opted out in the Region settings.',
  'region/not-in-environment': 'Vaults and plans can only use regions the environment lists (one provider alias each).',
  'arn/partition': 'ARNs must be in the environment partition; never assume "aws".',
  'deployment/account': 'Terraform must assume a role in the account it manages.',
  'kms/key-region': 'A vault key must live in the vault region.',
  'kms/key-missing': 'An existing key must be given for every region of the vault.',
  'names/unique': 'Vault, plan, rule and selection names must be unique where AWS requires it.',
  // Lifecycle and continuous backup
  'lifecycle/cold-storage-minimum': 'deleteAfterDays must be at least moveToColdStorageAfterDays + 90 (API_Lifecycle).',
  'lifecycle/archive-needs-cold-storage': 'optInToArchiveForSupportedResources moves points at moveToColdStorageAfterDays, which must be set.',
  'continuous/retention': 'Continuous backup (point-in-time recovery) keeps 1 to 35 days.',
  'continuous/no-cold-storage': 'Continuous backups cannot move to cold storage.',
  // Schedule and windows
  'schedule/cron-format': 'A schedule is a 6-field AWS cron expression: cron(minutes hours day-of-month month day-of-week year).',
  'schedule/minimum-interval': 'Jobs of one rule must be at least 60 minutes apart.',
  'schedule/timezone': 'scheduleTimezone must be an IANA time zone name.',
  'window/start': 'startWindowMinutes must be 60 to 52,560,000 (AWS rejects less at apply).',
  'window/completion': 'completionWindowMinutes must be at most 52,560,000 and longer than the start window.',
  // Selections
  'selection/empty': 'A selection with no criteria selects every opted-in resource: set allResources: true to mean it.',
  'selection/per-plan': 'At most 10 selections (resource assignments) per backup plan (the lowest quota AWS documents for a partition).',
  'tags/count': 'At most 50 tags per resource: the environment\'s tags (every resource), plus a rule\'s recovery point tags on its recovery points.',
  'selection/resource-limit': 'At most 500 resource ARNs per selection, or 30 when ARNs contain wildcards.',
  'selection/arn-format': 'Selection resources are ARNs (wildcards allowed) in the environment partition, or "*".',
  'selection/conflicting-tag': 'tags and conditions.stringEquals give the same tag key two different values.',
  // Vaults
  'vault-lock/governance-changeable': 'Governance mode has no changeableForDays (that is the compliance cooling-off period).',
  'vault-lock/compliance-changeable': 'Compliance mode needs changeableForDays of at least 3.',
  'vault-lock/range': 'minRetentionDays must not exceed maxRetentionDays.',
  'air-gapped/retention': 'Logically air-gapped vaults need retention.minDays (at least 7) and maxDays, min <= max.',
  'air-gapped/unsupported-option': 'Logically air-gapped vaults take no kms, lock or retention settings of standard vaults.',
  'air-gapped/not-plan-target': 'Backup rules cannot target a logically air-gapped vault directly; copy into it instead.',
  'vault/retention-only-air-gapped': 'retention applies to logically air-gapped vaults; standard vaults use lock.',
  'vault/accept-copies-source': 'acceptCopiesFrom must name at least one environment or an organization.',
  'vault/unknown-rule-vault': "A rule's vault must exist in every region of its plan.",
  'retention/vault-lock': "A rule's retention must fit its vault's lock range (jobs outside it fail).",
  // Copies
  'copy/self': 'A copy must go to another region, account or vault.',
  'copy/target-environment': 'A copy target must name an existing environment.',
  'copy/target-region': 'A copy target region must be one of the destination environment regions.',
  'copy/target-vault': 'A copy target vault must exist in the destination environment and region.',
  'copy/partition': 'Copies cannot cross partitions.',
  'copy/same-organization': 'Cross-account copy needs both accounts in one AWS Organization.',
  'copy/destination-accepts-source': 'The destination vault must allow backup:CopyIntoBackupVault from the source account.',
  'copy/cross-account-cmk': 'Cross-account copies must come from a vault encrypted with a customer-managed key (types AWS Backup does not fully manage also need their resources\' own keys customer-managed and shared: copy/source-resource-key).',
  'copy/resource-type': 'Every resource type a plan names by ARN is one AWS Backup copies that way (across Regions, accounts, into air-gapped vaults: docs/aws-facts.md).',
  'copy/region-feature': 'AWS Backup offers the copy in both Regions (no cross-account copy in China; no copy into air-gapped vaults in some Regions; some types not in opt-in Regions).',
  'copy/source-resource-key': 'Warning: recovery points of types AWS Backup does not fully manage keep their resource\'s key; across accounts it must be customer-managed and shared.',
  'copy/retention-fits-destination': "A copy's retention must fit the destination vault's lock range.",
  'accept-copies/unknown-environment': 'acceptCopiesFrom.environments must name existing environments.',
  // Orchestration
  'orchestration/region': 'Orchestration regions are environment regions; drills and restore testing run in an orchestration region.',
  'orchestration/on-demand-rule': 'onDemandRule names a plan and rule that runs in every orchestration region that has plans (the others get no orchestrator).',
  'orchestration/job-window': "The machines can wait for a rule's whole completion window: at most 200 callback waits, and executions within Step Functions' one year.",
  'drill/resource-arn': "A drill's resource ARN matches its resource type (the restore, validation and clean-up depend on it).",
  'drill/schedule': 'A drill schedule is an EventBridge Scheduler expression: cron(6 fields), rate(<n> <unit>) or at(...).',
  'drill/vault': "A drill's vault must exist in the drill region.",
  'drill/metadata-override': 'Drills name the resource they restore (drill-...) and always restore into a new one; overrides may not change that.',
  'restore-testing/vault': 'A restore testing plan includes vaults that exist in its region.',
  // Access
  'access/unique': 'Identity proxy and OIDC provider names are unique, and IAM keeps one OIDC provider per issuer URL.',
  'access/unknown-identity': 'A role trusts identity proxies and OIDC providers defined in access.identityProxies / access.oidcProviders.',
  'access/role-trust': 'An operator, auditor or break-glass role needs at least one proxy or OIDC trust.',
  'access/oidc-subject': 'OIDC subjects name identities: a subject of only wildcards would trust everyone the provider signs for.',
  'access/oidc-subject-anchored': 'OIDC subjects are anchored: GitHub subjects name repo:<owner>/<repo>: without wildcards, others do not start with a wildcard (it matches any identity ending the same way).',
  'access/oidc-provider-arn': 'An existing OIDC provider is in this account and matches its issuer URL.',
  'access/github-issuer': 'CI trusts the GitHub Actions issuer (token.actions.githubusercontent.com) with audience sts.amazonaws.com.',
  'access/api-orchestration': 'The start endpoint (primary region) needs an orchestrator there: orchestration with a backup plan in the primary region.',
  'restore-testing/resource-type': 'A restore testing selection restores a resource type that the plans (or copies) put into one of its vaults: otherwise it has nothing to test.',
  'restore-testing/selection': 'A restore testing selection names ARNs ("*" or explicit) or tags, never both (the API takes exactly one).',
  // Backstage catalog
  'catalog/owner': 'Without catalog.owner, the owner tag is the Backstage owner group: it must then be a Backstage entity name.',
  'catalog/unique-system': 'Each environment is its own Backstage System: two environments may not share a system name.',
} as const;

export type RuleId = keyof typeof RULES;
