// Preloaded into the CLI by the hostile environment cases (node --import): at exit, the
// process's peak resident memory in KiB (every thread, workers too) goes to the file
// BOUNCEMAPI_PEAK_FILE names.
//
// On Linux it is VmHWM from /proc/self/status (proc(5)): the high-water mark of this
// process's own address space. getrusage's ru_maxrss is not: it survives execve(2)
// (getrusage(2), NOTES), and a child spawned through vfork takes the parent's high-water mark
// with it, so a CLI started by a 700 MiB harness would report 700 MiB however little it used.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.BOUNCEMAPI_PEAK_FILE;

function peakKb() {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'latin1'));
    if (m) return Number(m[1]);
  } catch {
    // no procfs: the portable measure below
  }
  return process.resourceUsage().maxRSS;
}

if (file)
  process.on('exit', () => {
    try {
      writeFileSync(file, String(peakKb()));
    } catch {
      // the measure is lost, never the run
    }
  });
