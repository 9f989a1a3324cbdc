/*
 * Stage 3 of reading the estate: files that passed the schema and the checks become the model the constructs
 * receive (../model.ts): every default of ../defaults.ts applied, regions expanded, references resolved to account
 * IDs and ARNs.
 */
export { normalizeEstate } from './estate';
