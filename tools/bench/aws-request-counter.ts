import * as http from 'http';
import type { AddressInfo } from 'net';

/*
 * A stand-in for every AWS endpoint during a benchmark plan: it counts and records each request it receives and
 * answers with a non-retryable AWS-style error, so a plan that reads AWS fails fast instead of retrying, and the
 * count says how many API calls the plan made. The AWS service of a request is read from its SigV4 credential scope
 * (`Credential=<key>/<date>/<region>/<service>/aws4_request`), so requests are attributed even when every service
 * shares this one URL.
 */

/** One request as the counter saw it. */
export interface RecordedAwsRequest {
  readonly method: string;
  readonly path: string;
  readonly host: string;
  /** `X-Amz-Target` of JSON-protocol APIs (e.g. `AWSBackup.ListBackupVaults`); empty otherwise. */
  readonly target: string;
  /** From the SigV4 credential scope, e.g. `sts`; empty when unsigned. */
  readonly service: string;
  readonly region: string;
  /** `Action=` of query-protocol APIs (STS, IAM, SNS, SQS), from the URL or a form body; empty otherwise. */
  readonly action: string;
}

export interface AwsRequestCounter {
  /** `http://127.0.0.1:<port>`: what every endpoint is pointed at. */
  readonly url: string;
  /** Every request received so far, in arrival order. */
  readonly requests: readonly RecordedAwsRequest[];
  /** Requests received since `mark` (an index from {@link AwsRequestCounter.mark}). */
  since(mark: number): RecordedAwsRequest[];
  /** The current position, to count what one command sends. */
  mark(): number;
  close(): Promise<void>;
}

const SCOPE = /Credential=[^/]*\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

function actionOf(url: string, body: string): string {
  const query = new URL(url, 'http://counter').searchParams.get('Action');
  if (query) return query;
  return new URLSearchParams(body).get('Action') ?? '';
}

function record(request: http.IncomingMessage, body: string): RecordedAwsRequest {
  const scope = SCOPE.exec(String(request.headers.authorization ?? ''));
  return {
    method: request.method ?? '',
    path: request.url ?? '',
    host: String(request.headers.host ?? ''),
    target: String(request.headers['x-amz-target'] ?? ''),
    service: scope?.[2] ?? '',
    region: scope?.[1] ?? '',
    action: actionOf(request.url ?? '/', body),
  };
}

/**
 * Starts the counter on 127.0.0.1 (a free port). `onRequest` sees each request as it arrives (for logging).
 * Every answer is HTTP 403 AccessDenied (JSON and query protocols both treat it as final): a plan that reads AWS
 * then fails on its first read, and the count is not inflated by SDK retries.
 */
export async function startAwsRequestCounter(onRequest: (request: RecordedAwsRequest) => void = () => undefined): Promise<AwsRequestCounter> {
  const requests: RecordedAwsRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen = record(request, Buffer.concat(chunks).toString('utf8'));
      requests.push(seen);
      onRequest(seen);
      response.writeHead(403, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'AccessDeniedException' });
      response.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'benchmark: no AWS API may be called during an offline plan' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    since: (mark) => requests.slice(mark),
    mark: () => requests.length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One line per request, for logs and reports: `POST sts GetCallerIdentity (eu-west-1) 127.0.0.1:4711/`. */
export function describeAwsRequest(r: RecordedAwsRequest): string {
  const api = r.target || r.action || r.path;
  return `${r.method} ${r.service || '(unsigned)'} ${api}${r.region ? ` (${r.region})` : ''} ${r.host}${r.path}`;
}
