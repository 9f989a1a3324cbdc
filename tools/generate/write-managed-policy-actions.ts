import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderManagedPolicyActions } from './managed-policy-actions';

const target = path.join(__dirname, '..', '..', 'modules', 'backup', 'aws-backup-managed-policy-actions.ts');
renderManagedPolicyActions().then((text) => {
  fs.writeFileSync(target, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
});
