// Run the real CLI as a user would.
import { spawn } from 'node:child_process';
import { BIN } from './paths.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { input?: string | Buffer; env?: Record<string, string>; cwd?: string; uid?: number; gid?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
    // colour follows the test's own request only, not the test runner's environment
    if (!opts.env || !('FORCE_COLOR' in opts.env)) delete env.FORCE_COLOR;
    if (!opts.env || !('NO_COLOR' in opts.env)) delete env.NO_COLOR;
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: opts.cwd, uid: opts.uid, gid: opts.gid, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    // the CLI stops reading a stream past maxMessageBytes: the rest of a large input meets EPIPE here
    child.stdin.on('error', () => {});
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}
