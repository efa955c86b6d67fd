// Running the real CLI in a hostile environment (issue 17): stdin, stdout and stderr are
// whatever the case says (a pipe, /dev/zero, /dev/full, a pipe whose reader is gone), with a
// hard time limit, and the process's peak memory (its maximum resident set, workers
// included) read from inside it at exit by a preloaded module (peak-rss.mjs).
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN } from '../helpers/paths.js';

/** The CLI under test: BOUNCEMAPI_BIN runs the cases against another build (to see them fail before a fix). */
export const CLI = process.env.BOUNCEMAPI_BIN ?? BIN;
const PEAK = pathToFileURL(path.join(import.meta.dirname, 'peak-rss.mjs')).href;

export interface EnvRun {
  code: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: string;
  ms: number;
  /** peak resident memory of the CLI process, KiB (null when it could not say: killed) */
  peakKb: number | null;
  /** killed at the time limit */
  timedOut: boolean;
}

export interface EnvOptions {
  /** stdin: a string/Buffer piped in, a file descriptor, 'endless' (written to until the CLI stops reading), or nothing */
  stdin?: string | Buffer | number | 'endless';
  /** stdout: a file descriptor instead of a pipe */
  stdout?: number;
  /** stderr: 'closed' (a pipe whose reader is gone before the CLI writes) */
  stderr?: 'closed';
  timeoutMs?: number;
  cwd?: string;
  /** run the CLI through this command prefix (unshare ...), its arguments before node's */
  wrap?: string[];
}

/** Every run is recorded here (name, time, peak) for `npm run hostile`'s report. */
export const RUNS: { label: string; run: EnvRun }[] = [];

export async function runEnv(label: string, args: string[], opts: EnvOptions = {}): Promise<EnvRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bm-env-'));
  const peakFile = path.join(dir, 'peak');
  const stdio: StdioOptions = [
    typeof opts.stdin === 'number' ? opts.stdin : 'pipe',
    opts.stdout ?? 'pipe',
    'pipe',
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, BOUNCEMAPI_PEAK_FILE: peakFile };
  delete env.FORCE_COLOR;
  const argv = [...(opts.wrap ?? []), process.execPath, '--import', PEAK, CLI, ...args];
  const t0 = performance.now();
  const child = spawn(argv[0], argv.slice(1), { stdio, env, cwd: opts.cwd });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  if (opts.stderr === 'closed') child.stderr!.destroy();
  else child.stderr!.on('data', (b: Buffer) => err.push(b));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 10_000);
  if (child.stdin) {
    child.stdin.on('error', () => {}); // the CLI stopped reading: EPIPE here is expected
    if (opts.stdin === 'endless') {
      const chunk = Buffer.alloc(64 * 1024, 'y\n');
      const pump = () => {
        while (!child.stdin!.destroyed && child.stdin!.write(chunk));
        if (!child.stdin!.destroyed) child.stdin!.once('drain', pump);
      };
      pump();
    } else if (typeof opts.stdin === 'string' || Buffer.isBuffer(opts.stdin)) child.stdin.end(opts.stdin);
    else child.stdin.end();
  }
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  const ms = performance.now() - t0;
  const peakKb = existsSync(peakFile) ? Number(readFileSync(peakFile, 'utf8')) : null;
  rmSync(dir, { recursive: true, force: true });
  const run: EnvRun = { code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), ms, peakKb, timedOut };
  RUNS.push({ label, run });
  return run;
}

/** ndjson lines of a run's stdout, parsed */
export function lines(run: EnvRun): Record<string, unknown>[] {
  return run.stdout
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

let namespaces: boolean | undefined;
/** Can this machine mount a small tmpfs in a private mount namespace (unshare -rm, as any user where user namespaces are on)? */
export function canMountTmpfs(): boolean {
  if (namespaces !== undefined) return namespaces;
  const probe = spawnSync('unshare', ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d"; r=$?; rmdir "$d"; exit $r'], { timeout: 5000 });
  namespaces = probe.status === 0;
  return namespaces;
}

/**
 * A command prefix that runs the CLI with `mountPoint` a fresh tmpfs of `size` (say `64k`),
 * and afterwards copies what it holds (dot-files too) to `copyTo`, which outlives the mount.
 */
export function onSmallFs(mountPoint: string, size: string, copyTo: string): string[] {
  const script = 'mnt=$1; copy=$2; shift 2; mount -t tmpfs -o "size=$SIZE" tmpfs "$mnt" || exit 97; "$@"; rc=$?; cp -a "$mnt/." "$copy/"; exit $rc';
  return ['env', `SIZE=${size}`, 'unshare', '-rm', 'sh', '-c', script, 'sh', mountPoint, copyTo];
}
