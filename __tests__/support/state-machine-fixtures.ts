/* The definition props moved to scripts/fault-matrix/ (the fault-matrix generator uses them too). */
export * from '../../scripts/fault-matrix/fixtures';
