/* The definition props moved to tools/lib/fault-matrix/ (the fault-matrix generator uses them too). */
export * from '../../tools/lib/fault-matrix/fixtures';
