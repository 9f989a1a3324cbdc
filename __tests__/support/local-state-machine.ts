/* The local runner moved to scripts/fault-matrix/ (the fault-matrix generator uses it too). */
export * from '../../scripts/fault-matrix/local-state-machine';
