/*
 * The functions folder: the Lambda function construct every orchestration and start-API function is built with,
 * and the deployment packages it deploys (prebuilt in the package, bundled from lambda-src/ in this repository).
 * function-bundle-cache.ts is internal to the bundling.
 */
export { BackupFunction, type BackupFunctionProps } from './backup-function';
export { bundleFunction, writePrebuiltFunctions, type BundleOptions, type FunctionCode } from './function-bundle';
