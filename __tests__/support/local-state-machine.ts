/* The local runner moved to tools/lib/fault-matrix/ (the fault-matrix generator uses it too). */
export * from '../../tools/lib/fault-matrix/local-state-machine';
