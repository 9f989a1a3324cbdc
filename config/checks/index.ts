/*
 * Stage 2 of reading the estate: what the schema cannot say. Each check reports findings under a rule id of
 * catalog.ts; checkEnvironment judges one file, checkEstate the files together (copies, central vaults, names
 * across accounts), checkRawValues what YAML parsed before the schema saw it. The normalizer (../normalize) runs
 * only on files that pass.
 */
export { RULES, type RuleId } from './catalog';
export { checkEnvironment } from './check-environment';
export { checkEstate, type EstateFinding, type ParsedEnvironment } from './check-estate';
export { checkRawValues } from './check-raw-values';
export type { Finding } from './finding';
