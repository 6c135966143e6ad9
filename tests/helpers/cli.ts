import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of src/cli/*.ts as a child process, as a person runs it: no Slack or digest
 * variables from this environment, no .env, `input` on stdin, and a state folder of its own
 * (a temporary one, unless `env` names one): a test never writes into the checkout.
 */
export function runCli(script: string, args: string[] = [], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_') && !k.startsWith('DIGEST_') && !k.startsWith('DATABASE_') && k !== 'KNOWLEDGE_DIR' && k !== 'STATE_DIR'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...clean, DOTENV_CONFIG_PATH: '/nonexistent/.env', STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-cli-state-')), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
