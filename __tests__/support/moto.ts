/*
 * A real local AWS endpoint for the function integration tests: moto_server on 127.0.0.1 on a free port. The handlers
 * reach it through AWS_ENDPOINT_URL, which AWS SDK v3 honours without any code in the functions. A missing moto_server
 * fails the tests: an integration test that silently skips proves nothing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';

export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const MOTO_COMMAND = process.env.MOTO_SERVER ?? 'moto_server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`);
    return response.status < 500;
  } catch {
    return false;
  }
}

export async function startMoto(timeoutMs = 20000): Promise<MotoServer> {
  const which = spawnSync('sh', ['-c', `command -v ${MOTO_COMMAND}`], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new Error(`moto_server not found on PATH (looked for "${MOTO_COMMAND}"): install moto[server] (pip install "moto[server]") or set MOTO_SERVER`);
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(MOTO_COMMAND, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });

  const deadline = Date.now() + timeoutMs;
  while (!(await answers(endpoint))) {
    if (exited !== null) throw new Error(`moto_server exited with ${exited} before answering:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Points every AWS SDK v3 client created afterwards at `endpoint`, with dummy credentials. */
export function useEndpoint(endpoint: string, region: string): void {
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_SESSION_TOKEN = 'testing';
  process.env.AWS_REGION = region;
  process.env.AWS_DEFAULT_REGION = region;
}
