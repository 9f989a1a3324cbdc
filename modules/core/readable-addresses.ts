import { Aspects, TerraformResource, type IAspect, type TerraformElement, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';

/*
 * Terraform addresses a reviewer can read in a plan, and that a team keeps if it leaves cdktf (`npm run synth:hcl`):
 * `aws_backup_plan.plan-<region>-daily_plan` instead of cdktf's hashed `..._plan_AB5CECF8`. The name is the
 * resource's construct path below the stack, and every construct id on that path comes from a config name (region,
 * vault, plan, rule, function folder), never from an index: reordering the config moves no address.
 * An estate applied with the hashed addresses keeps its resources: each resource carries a `moved` block from its
 * hashed address (what cdktf 0.21's default naming gives), so Terraform renames the state entries instead of
 * replacing resources (__tests__/modules/core/readable-addresses-plan.test.ts proves it with an offline plan).
 */

/** Characters Terraform allows in a name; anything else in a construct id becomes "_". */
const NAME_CHARACTER = /[^A-Za-z0-9_-]/g;

/** The readable name of an element: its construct path below `stack`, joined with "_". */
export function readableName(element: TerraformElement, stack: TerraformStack): string {
  const scopes = element.node.scopes;
  const path = scopes.slice(scopes.indexOf(stack) + 1).map((scope) => scope.node.id);
  const name = path.join('_').replace(NAME_CHARACTER, '_');
  // A Terraform name may not start with a digit.
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Thrown when two resources of a stack would get the same readable address. */
export class AddressCollisionError extends Error {}

/**
 * Allocates readable names for a stack's resources and remembers the hashed name each would have had, for the
 * moved blocks. Other elements (providers, variables, outputs) keep cdktf's names: they have no state to move.
 */
export class ReadableAddresses {
  private readonly legacyNames = new Map<TerraformElement, string>();
  private readonly owners = new Map<string, string>();

  /** `hashed` is cdktf's default name for `element` (TerraformStack.allocateLogicalId). */
  allocate(element: TerraformElement, stack: TerraformStack, hashed: string): string {
    if (!TerraformResource.isTerraformResource(element)) return hashed;
    const resource = element as unknown as TerraformResource;
    const name = readableName(element, stack);
    const address = `${resource.terraformResourceType}.${name}`;
    const owner = this.owners.get(address);
    if (owner !== undefined && owner !== element.node.path) {
      throw new AddressCollisionError(`two resources would have the address ${address}: ${owner} and ${element.node.path}; rename one of the config entries they come from`);
    }
    this.owners.set(address, element.node.path);
    this.legacyNames.set(element, hashed);
    return name;
  }

  /** Adds to every resource of `stack` a moved block from its hashed address (run at synth, after all resources exist). */
  addLegacyMoves(stack: TerraformStack): void {
    const legacyNames = this.legacyNames;
    const aspect: IAspect = {
      visit(node: IConstruct) {
        if (!TerraformResource.isTerraformResource(node)) return;
        const resource = node as TerraformResource;
        const current = resource.friendlyUniqueId;
        const legacy = legacyNames.get(resource);
        if (legacy !== undefined && legacy !== current && !resource.hasResourceMove()) {
          resource.moveFromId(`${resource.terraformResourceType}.${legacy}`);
        }
      },
    };
    Aspects.of(stack).add(aspect);
  }
}
