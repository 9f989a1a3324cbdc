import {
  BACKUP_SERVICE_LINKED_ROLE, BACKUP_REGIONAL_GAPS, BACKUP_RESOURCE_TYPES, DATA_PATHS, INTEGRATIONS, QUOTAS, RESOURCE_TYPE_FACTS, SERVICE_REGIONS_EVIDENCE,
  RECOVERY_POINT_TAGGING_FACTS, RESTORE_METADATA_FACTS, SERVICE_REQUEST_CONTEXTS, TRANSIENT_MODELED_ERRORS, stepsOf, type Source, type Support,
} from '../../../config/aws-facts';
import { SERVICE_REGIONS } from '../../../config/aws-facts/generated/service-regions';

/** docs/aws-facts.md: the ledger as tables, each fact beside its sources. */

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const mark = (s: Support) => (s === true ? 'yes' : s === false ? 'no' : s === 'with-full-management' ? 'with full management' : 'unconfirmed');
const link = (s: Source) => (s.url.startsWith('http') ? `[${cell(s.title)}](${s.url})` : `${cell(s.title)} (\`${cell(s.url)}\`)`);
const quoted = (s: Source) => (s.quote ? ` — "${cell(s.quote)}"` : '');

function resourceTypes(): string[] {
  const out = [
    '## Resource types', '',
    'What AWS Backup supports per resource type, who encrypts its recovery points, and through which service a vault key is used for it.', '',
    '| type | fully managed | vault key used via | cross-Region copy | cross-account copy | copy into air-gapped vault | cold storage | continuous | restore testing | must be opted in for ARN selections | note | sources |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const type of BACKUP_RESOURCE_TYPES) {
    const f = RESOURCE_TYPE_FACTS[type];
    const full = f.fullManagement === 'with-full-management' ? 'with full management' : f.fullManagement ? 'yes' : 'no';
    out.push(`| ${type} | ${full} | ${f.fullManagement === true ? 'backup' : f.keyService} | ${mark(f.crossRegionCopy)} | ${mark(f.crossAccountCopy)} | ${mark(f.airGappedCopy)} | ${mark(f.coldStorage)} | ${mark(f.continuousBackup)} | ${mark(f.restoreTesting)} | ${f.optInRequiredForArnSelections ? 'yes' : 'no'} | ${cell(f.note ?? '')} | ${f.sources.map(link).join('; ')} |`);
  }
  return out;
}

function dataPaths(): string[] {
  const out = [
    '## Data paths', '',
    'Steps of each path, for a fully managed type (EFS) and a type the owning service handles (EBS). The data-path tests evaluate each step on the synthesized policies with the IAM simulator.', '',
    '| path | type | step | actor (account) | key or vault (end) | via | use | source |', '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const path of DATA_PATHS) {
    for (const type of ['EFS', 'EBS'] as const) {
      stepsOf(path, type, true).forEach((step, i) => {
        const target = step.kind === 'key' ? `${step.key} key (${step.keyEnd})` : `${step.vaultEnd} vault: ${step.action}`;
        const via = step.kind === 'key' ? step.viaService : '-';
        const use = step.kind === 'key' ? step.use : '-';
        out.push(`| ${path} | ${type} | ${i + 1} | ${step.actor} (${step.actorEnd}) | ${target} | ${via} | ${use} | ${link(step.source)} |`);
      });
    }
  }
  return out;
}

function servicePrincipals(): string[] {
  const out = [
    '## What services send when they act for us', '',
    'A policy conditions a service principal only on the keys AWS documents for that call (rule SEC-TRUST-SOURCE-KEYS).', '',
    '| service | call | aws:SourceAccount | aws:SourceArn | guard when none is sent | source |', '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of SERVICE_REQUEST_CONTEXTS) {
    out.push(`| ${c.service} | ${c.call} | ${c.sends.includes('aws:SourceAccount') ? 'yes' : 'no'} | ${c.sends.includes('aws:SourceArn') ? `yes: ${cell(c.sourceArnIs ?? '')}${c.sourceArnShape ? ` (\`${c.sourceArnShape}\`)` : ''}` : 'no'} | ${cell(c.guard ?? '-')} | ${link(c.source)}${quoted(c.source)} |`);
  }
  return out;
}

function restoreMetadata(): string[] {
  const out = [
    '## Restore metadata a DR drill forces', '',
    'config/function-contract/drill-restore-metadata.ts sets these on every drill restore, so the clean-up can delete the copy.', '',
    '| resource type | key | meaning | sources |', '| --- | --- | --- | --- |',
  ];
  for (const f of RESTORE_METADATA_FACTS) out.push(`| ${f.resourceType} | \`${f.key}\` | ${cell(f.meaning)} | ${f.sources.map((s) => `${link(s)}${quoted(s)}`).join('<br>')} |`);
  return out;
}

function recoveryPointTagging(): string[] {
  const out = [
    '## How a recovery point is tagged, by its ARN', '',
    'config/function-contract/recovery-point-tagging.ts: the tagger function calls, and its role may call, the API of each shape.', '',
    '| ARN | what | tagged with | sources |', '| --- | --- | --- | --- |',
  ];
  for (const f of RECOVERY_POINT_TAGGING_FACTS) {
    out.push(`| \`arn:<partition>:${f.service}:...:${f.resourcePrefix}...\` | ${cell(f.what)} | ${f.api ? `\`${f.api}\`` : `not tagged: ${cell(f.untaggedBecause ?? '')}`} | ${f.sources.map((s) => `${link(s)}${quoted(s)}`).join('<br>')} |`);
  }
  return out;
}

function quotas(): string[] {
  const out = ['## Quotas', '', '| quota | value | adjustable to | source |', '| --- | --- | --- | --- |'];
  for (const q of Object.values(QUOTAS)) out.push(`| ${cell(q.what)} | ${q.value} | ${'adjustableTo' in q ? q.adjustableTo : '-'} | ${link(q.source)} |`);
  return out;
}

function serviceLinkedRoles(): string[] {
  const role = BACKUP_SERVICE_LINKED_ROLE;
  return [
    '## Service-linked roles', '',
    'A principal that deletes recovery points may create the role (the break-glass role can): without it a deletion deletes nothing and leaves the point EXPIRED.', '',
    '| role | path | iam:AWSServiceName | sources |', '| --- | --- | --- | --- |',
    `| ${role.roleName} | ${role.path} | ${role.serviceName} | ${role.sources.map(link).join('; ')} |`,
  ];
}

function regions(): string[] {
  const out = ['## Regions', '', `Services by Region come from ${link(SERVICE_REGIONS_EVIDENCE)}.`, '', '| service | aws | aws-cn | aws-us-gov |', '| --- | --- | --- | --- |'];
  for (const [service, partitions] of Object.entries(SERVICE_REGIONS)) {
    out.push(`| ${service} | ${(partitions.aws ?? []).length} Regions | ${(partitions['aws-cn'] ?? []).join(', ') || 'none'} | ${(partitions['aws-us-gov'] ?? []).join(', ') || 'none'} |`);
  }
  out.push('', 'AWS Backup features missing in some Regions:', '', '| feature | Regions without it | source |', '| --- | --- | --- |');
  for (const gap of Object.values(BACKUP_REGIONAL_GAPS)) out.push(`| ${gap.feature} | ${gap.regions.join(', ')} | ${link(gap.source)} — "${cell(gap.quote)}" |`);
  return out;
}

function errors(): string[] {
  const out = [
    '## Step Functions error names', '',
    'Retry and Catch name only errors the service models list for the operation (spelled as Step Functions spells them), `States.*` names, or the generic names below; request-response Tasks retry unmodeled errors (throttling, access denied) with a `States.TaskFailed` fallback after their permanent errors.', '',
    '| integration | prefix | generic names of unmodeled errors | States.TaskFailed fallback | transient modeled errors | sources |', '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const [id, n] of Object.entries(INTEGRATIONS)) {
    out.push(`| ${id} | ${n.prefix} | ${n.unmodeled.join(', ') || '-'} | ${n.taskFailedFallback ? 'yes' : 'no'} | ${TRANSIENT_MODELED_ERRORS[n.sdk].join(', ')} | ${n.sources.map(link).join('; ')} |`);
  }
  return out;
}

export function awsFactsPage(): string {
  return [
    '# AWS facts', '',
    '<!-- Generated by `npm run generate:aws-facts` from config/aws-facts/: do not edit. -->', '',
    'Every fact about AWS that a config rule, a policy or a test of this project relies on, with where it comes from. When AWS pages disagree the newest statement wins and the older one is listed beside it.', '',
    ...resourceTypes(), '', ...dataPaths(), '', ...servicePrincipals(), '', ...restoreMetadata(), '', ...recoveryPointTagging(), '', ...quotas(), '', ...serviceLinkedRoles(), '', ...regions(), '', ...errors(), '',
  ].join('\n');
}
