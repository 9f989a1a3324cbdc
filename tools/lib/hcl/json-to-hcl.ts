/**
 * A synthesized stack (Terraform JSON syntax) -> the same configuration in native syntax, split into the files a
 * hand-maintained root module would have. Whether a nested object is a block or an attribute is not visible in
 * JSON syntax; it comes from the provider schema (`terraform providers schema -json`).
 */
import { expression, objectKey, quotedTemplate, traversal, type JsonValue } from './hcl-expression';
import { jsonDocumentExpression } from './json-documents';
import type { BlockShape, ProviderShapes } from './provider-schema';

type JsonObject = { [key: string]: JsonValue };

/** The native-syntax files of one stack, by file name. */
export type HclFiles = Record<string, string>;

/** The stack uses something this converter does not translate; never silently dropped. */
export class HclConversionError extends Error {}

const NO_BLOCKS: BlockShape = { blocks: {} };
const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObjects = (v: JsonValue, where: string): JsonObject[] => {
  const list = Array.isArray(v) ? v : [v];
  if (!list.every(isObject)) throw new HclConversionError(`${where}: a block must be an object or a list of objects`);
  return list as JsonObject[];
};

function labels(...names: string[]): string {
  return names.map((n) => quotedTemplate(n)).join(' ');
}

/** cdktf's `"//"` metadata names the construct a block came from: kept as a comment for whoever maintains it next. */
function metadataComment(body: JsonObject, indent: string): string[] {
  const meta = body['//'];
  const pathValue = isObject(meta) && isObject(meta.metadata) ? meta.metadata.path : undefined;
  return typeof pathValue === 'string' ? [`${indent}# cdktf construct: ${pathValue}`] : [];
}

function lifecycleBlock(value: JsonValue, indent: string, where: string): string[] {
  const [body] = asObjects(value, where);
  const inner = `${indent}  `;
  const lines = [`${indent}lifecycle {`];
  for (const [key, v] of Object.entries(body)) {
    if (key === 'ignore_changes' || key === 'replace_triggered_by') {
      if (v === 'all') lines.push(`${inner}${key} = all`);
      else if (Array.isArray(v)) lines.push(`${inner}${key} = [${v.map((x) => traversal(String(x))).join(', ')}]`);
      else throw new HclConversionError(`${where}.lifecycle.${key}: expected a list or "all"`);
    } else {
      lines.push(`${inner}${key} = ${expression(v, inner)}`);
    }
  }
  lines.push(`${indent}}`);
  return lines;
}

/**
 * The arguments and nested blocks of a block body, in the order they were synthesized. `resourceType` is set for
 * the top level of a resource body, where JSON-document arguments are written as `jsonencode(...)`.
 */
function bodyLines(body: JsonObject, shape: BlockShape, indent: string, where: string, resourceType?: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const here = `${where}.${key}`;
    if (key === '//') continue;
    if (key === 'provider' && typeof value === 'string') lines.push(`${indent}provider = ${traversal(value)}`);
    else if (key === 'depends_on' && Array.isArray(value)) lines.push(`${indent}depends_on = [${value.map((v) => traversal(String(v))).join(', ')}]`);
    else if (key === 'lifecycle') lines.push(...lifecycleBlock(value, indent, here));
    else if (key === 'dynamic' || key === 'provisioner' || key === 'connection') {
      throw new HclConversionError(`${here}: "${key}" is not translated by this converter`);
    } else if (shape.blocks[key]) {
      const nested = shape.blocks[key];
      if (nested.nesting === 'map') throw new HclConversionError(`${here}: map-nested blocks are not translated`);
      for (const item of asObjects(value, here)) {
        lines.push(`${indent}${key} {`, ...bodyLines(item, nested.shape, `${indent}  `, here), `${indent}}`);
      }
    } else {
      const document = resourceType === undefined ? undefined : jsonDocumentExpression(resourceType, key, value, indent);
      lines.push(`${indent}${objectKey(key)} = ${document ?? expression(value, indent)}`);
    }
  }
  return lines;
}

function block(header: string, body: JsonObject, shape: BlockShape, where: string, resourceType?: string): string {
  return [...metadataComment(body, ''), `${header} {`, ...bodyLines(body, shape, '  ', where, resourceType), '}'].join('\n');
}

function terraformBlock(settings: JsonObject): string {
  const lines = ['terraform {'];
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'required_providers' && isObject(value)) {
      lines.push('  required_providers {');
      for (const [name, requirement] of Object.entries(value)) lines.push(`    ${name} = ${expression(requirement, '    ')}`);
      lines.push('  }');
    } else if (key === 'backend' && isObject(value)) {
      for (const [type, config] of Object.entries(value)) {
        // Backend settings are all attributes (nested ones, like assume_role, are object attributes since 1.6).
        lines.push(`  backend ${labels(type)} {`, ...bodyLines(config as JsonObject, NO_BLOCKS, '    ', `terraform.backend.${type}`), '  }');
      }
    } else {
      lines.push(`  ${key} = ${expression(value, '  ')}`);
    }
  }
  lines.push('}');
  return lines.join('\n');
}

function variableBlock(name: string, body: JsonObject): string {
  const lines = [`variable ${labels(name)} {`];
  for (const [key, value] of Object.entries(body)) {
    // A type constraint is an expression in native syntax (`string`, `list(string)`), a string in JSON syntax.
    if (key === 'type' && typeof value === 'string') lines.push(`  type = ${value}`);
    else if (key === 'validation') {
      for (const rule of asObjects(value, `variable.${name}.validation`)) {
        lines.push('  validation {', ...bodyLines(rule, NO_BLOCKS, '    ', `variable.${name}.validation`), '  }');
      }
    } else lines.push(`  ${key} = ${expression(value, '  ')}`);
  }
  lines.push('}');
  return lines.join('\n');
}

const SUPPORTED_TOP_LEVEL = new Set(['//', 'terraform', 'provider', 'variable', 'resource', 'output', 'locals', 'moved']);

/**
 * Converts one synthesized stack. `shapes` maps a provider's local name (`aws`) to its block shapes; every
 * resource type and provider used must be there.
 */
export function stackToHcl(stack: JsonObject, shapes: Readonly<Record<string, ProviderShapes>>): HclFiles {
  const unsupported = Object.keys(stack).filter((k) => !SUPPORTED_TOP_LEVEL.has(k));
  if (unsupported.length > 0) throw new HclConversionError(`top-level ${unsupported.join(', ')}: not translated by this converter`);
  const files: HclFiles = {};
  const add = (file: string, text: string) => {
    files[file] = files[file] === undefined ? `${text}\n` : `${files[file]}\n${text}\n`;
  };
  const shapesFor = (providerName: string, where: string): ProviderShapes => {
    const found = shapes[providerName];
    if (!found) throw new HclConversionError(`${where}: no schema for provider "${providerName}"`);
    return found;
  };

  if (isObject(stack.terraform)) add('versions.tf', terraformBlock(stack.terraform));
  for (const [name, configs] of Object.entries(isObject(stack.provider) ? stack.provider : {})) {
    for (const config of asObjects(configs, `provider.${name}`)) {
      add('providers.tf', block(`provider ${labels(name)}`, config, shapesFor(name, `provider.${name}`).provider, `provider.${name}`));
    }
  }
  for (const [name, body] of Object.entries(isObject(stack.variable) ? stack.variable : {})) {
    add('variables.tf', variableBlock(name, body as JsonObject));
  }
  if (isObject(stack.locals)) {
    add('main.tf', ['locals {', ...bodyLines(stack.locals, NO_BLOCKS, '  ', 'locals'), '}'].join('\n'));
  }
  for (const [type, instances] of Object.entries(isObject(stack.resource) ? stack.resource : {})) {
    const providerName = type.split('_')[0];
    const shape = shapesFor(providerName, `resource.${type}`).resources[type];
    if (!shape) throw new HclConversionError(`resource.${type}: not in the ${providerName} provider schema`);
    for (const [name, body] of Object.entries(instances as JsonObject)) {
      add('main.tf', block(`resource ${labels(type, name)}`, body as JsonObject, shape, `resource.${type}.${name}`, type));
    }
  }
  // Moves from cdktf's hashed addresses (modules/core/readable-addresses.ts): kept so an estate applied from the JSON
  // plans no replacement when it switches to these files.
  for (const [index, move] of (stack.moved === undefined ? [] : asObjects(stack.moved, 'moved')).entries()) {
    if (typeof move.from !== 'string' || typeof move.to !== 'string') throw new HclConversionError(`moved[${index}]: from and to must be addresses`);
    add('moved.tf', ['moved {', `  from = ${traversal(move.from)}`, `  to   = ${traversal(move.to)}`, '}'].join('\n'));
  }
  for (const [name, body] of Object.entries(isObject(stack.output) ? stack.output : {})) {
    add('outputs.tf', block(`output ${labels(name)}`, body as JsonObject, NO_BLOCKS, `output.${name}`));
  }
  return files;
}
