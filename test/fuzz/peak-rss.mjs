// Preloaded into the CLI by the hostile environment cases (node --import): at exit, the
// process's peak resident memory in KiB (getrusage ru_maxrss: every thread, workers too)
// goes to the file BOUNCEMAPI_PEAK_FILE names.
import { writeFileSync } from 'node:fs';

const file = process.env.BOUNCEMAPI_PEAK_FILE;
if (file)
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // the measure is lost, never the run
    }
  });
