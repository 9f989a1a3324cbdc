import * as fs from 'fs';

/*
 * The second witness of AWS API calls: with TF_LOG=DEBUG the AWS provider logs every HTTP request it sends, one
 * `HTTP Request Sent` line per request from its AWS SDK for Go v2 clients (with `rpc.service` and `rpc.method`), or
 * `DEBUG: Request <service>/<operation>` from the few still on SDK v1. Counting those lines does not depend on where
 * the request went, so it cross-checks the request counter.
 */

const REQUEST_LINE = /HTTP Request Sent|\[aws-sdk-go\] DEBUG: Request /;
const PROVIDER_LINE = /\[DEBUG\] provider\.terraform-provider-aws/;

function apiOfRequestLine(line: string): string {
  const service = /rpc\.service=(\S+)/.exec(line)?.[1];
  const method = /rpc\.method=(\S+)/.exec(line)?.[1];
  if (service && method) return `${service}.${method}`;
  const sdkV1 = /DEBUG: Request (\S+)\/(\S+)/.exec(line);
  return sdkV1 ? `${sdkV1[1]}.${sdkV1[2]}` : 'unknown';
}

/** Requests the provider logged in a TF_LOG=DEBUG file, each as `<service>.<operation>` when the line names it. */
export function requestsInDebugLog(logFile: string): string[] {
  if (!fs.existsSync(logFile)) throw new Error(`no Terraform debug log at ${logFile} (TF_LOG_PATH was not honoured)`);
  const lines = fs.readFileSync(logFile, 'utf8').split('\n');
  // A log without the provider's own lines would show no request whatever happened: it proves nothing.
  if (!lines.some((line) => PROVIDER_LINE.test(line))) throw new Error(`${logFile} holds no debug line of the AWS provider: is TF_LOG=DEBUG passed to it?`);
  return lines.filter((line) => REQUEST_LINE.test(line)).map(apiOfRequestLine);
}
