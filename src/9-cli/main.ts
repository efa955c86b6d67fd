// The bouncemapi command line. main() returns the exit status instead of exiting, so tests
// and the bin shim decide what to do with it.
import { Command, CommanderError, Option } from 'commander';
import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { addBatchOptions } from './batch.js';
import { KEY_STYLES, MODES, PARSE_FORMATS, TRANSLATE_FORMATS } from './choices.js';
import { EXIT, type CliContext } from './common.js';
import { renderPath, bytePath } from '../1-input/paths.js';
import { rawArgs } from './raw-args.js';
import type { ParseCommandOptions } from './parse-command.js';
import type { TranslateCommandOptions } from './translate-command.js';
import { commandFirst } from './command-first.js';
// Each command's code, the parsers and the writers are loaded when that command runs
// (import() in its action): --version and --help start without them.

const VERSION = '0.1.0';
/** the outputs `bouncemapi schema` describes (src/7-output/json-schema.ts, loaded only by that command) */
export const SCHEMA_NAMES = ['parse', 'translate'];

const PARSE_EXAMPLES = `
Examples:
  cat bounce.eml | bouncemapi                  table of one bounce piped on stdin
  bouncemapi parse --format ndjson bounces/    one JSON line per message in a folder
  bouncemapi ~/Maildir/.Bounces                a Maildir (cur/ and new/)
  bouncemapi bounces.mbox --format csv > out.csv
  bouncemapi --format ndjson *.eml | jq -r 'select(.kind=="dsn") | .recipients[] | [.recipient, .status, .reason] | @tsv'

Exit status: 0 every input was a delivery status report; 1 at least one was not (a plain
message, an auto-reply, a feedback report); 2 usage error; 3 at least one input could not
be read or parsed (its error is in its output record). 3 wins over 1. 4 the output could
not be written to stdout (a full disk, an I/O error): the run stopped.`;

const TRANSLATE_EXAMPLES = `
Examples:
  bouncemapi translate bounce.eml                          one JSON line per MAPI report
  bouncemapi translate --mode oxcmail --keys tag bounces/  one report per message, keys as 0x0C050003
  bouncemapi translate --format eml --out-dir out/ bounces.mbox   standard RFC 3464 DSNs
  bouncemapi translate --format msg --out-dir out/ bounces/       Outlook .msg report items

Exit status as for parse: 0 every input was a delivery status report; 1 at least one was
not (each such input gets one line on stderr saying why); 2 usage error; 3 at least one
input could not be read, or a report could not be written.`;

async function checkInputs(inputs: (string | Buffer)[], ctx: CliContext): Promise<boolean> {
  let ok = true;
  for (const i of inputs) {
    if (i === '-') continue;
    try {
      await stat(i);
    } catch {
      ctx.stderr.write(`bouncemapi: ${renderPath(bytePath(i))}: no such file or directory\n`);
      ok = false;
    }
  }
  return ok;
}

function defaultInputs(inputs: (string | Buffer)[], ctx: CliContext): (string | Buffer)[] | null {
  if (inputs.length) return inputs;
  // no inputs and a piped stdin means stdin; a terminal on stdin means the user forgot them
  if (ctx.stdin.isTTY) return null;
  return ['-'];
}

/** Options of every command that reads inputs. */
export function buildProgram(ctx: CliContext, setExit: (code: number) => void, resolveArg: (arg: string) => string | Buffer = (a) => a): Command {
  const program = new Command();
  program
    .name('bouncemapi')
    .description('Read bounce e-mails (RFC 3464 DSNs, Exchange, qmail, Postfix, ...) and print their recipient-status table')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .showHelpAfterError('(run bouncemapi --help for usage)')
    .addHelpText('after', PARSE_EXAMPLES);

  /** The inputs a command reads, or null (after saying why) when there are none or one does not exist. */
  const usableInputs = async (inputs: string[], cmd: Command): Promise<(string | Buffer)[] | null> => {
    // a name that is not UTF-8 comes back as its bytes (raw-args.ts)
    const list = defaultInputs(inputs.map(resolveArg), ctx);
    if (!list) {
      ctx.stderr.write('bouncemapi: no input given and stdin is a terminal (pipe a message in, or name files)\n');
      cmd.outputHelp({ error: true });
      return null;
    }
    return (await checkInputs(list, ctx)) ? list : null;
  };

  const parse = program
    .command('parse', { isDefault: true })
    .description('print the recipient-status table of each input message (the default command)')
    .argument('[inputs...]', 'files, directories, mbox files, Maildir folders, or - for stdin (default: stdin when piped)')
    .addOption(new Option('-f, --format <format>', 'output format (default: table on a terminal, ndjson otherwise)').choices(PARSE_FORMATS))
    .option('--explain', 'add to each row the evidence that decided its reason and hard/soft verdict (ndjson/json: an explain object; table: a why line)')
    .option('--raw-csv', "csv: write every cell exactly; by default a cell that begins with = + - @ (a spreadsheet formula) gets a ' first");
  addBatchOptions(parse)
    .addHelpText('after', PARSE_EXAMPLES)
    .action(async (inputs: string[], opts: ParseCommandOptions) => {
      const list = await usableInputs(inputs, parse);
      setExit(list ? await (await import('./parse-command.js')).runParse(list, opts, ctx) : EXIT.USAGE);
    });

  const translateCmd = program
    .command('translate')
    .description('translate each delivery status report into MAPI DR/NDR reports, as IMAPISupport::StatusRecips would')
    .argument('[inputs...]', 'files, directories, mbox files, Maildir folders, or - for stdin (default: stdin when piped)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(TRANSLATE_FORMATS).default('ndjson'))
    .addOption(new Option('--mode <mode>', 'statusrecips: one report per action present; oxcmail: one report at the highest severity (MS-OXCMAIL)').choices(MODES).default('statusrecips'))
    .addOption(new Option('--keys <style>', 'property names in JSON: canonical PidTag names, PR_ names, or 0x tags').choices(KEY_STYLES).default('pidtag'))
    .option('-o, --out-dir <dir>', 'write one .eml/.msg file per report into this directory')
    .option('--force', 'replace existing files in --out-dir');
  addBatchOptions(translateCmd)
    .addHelpText('after', TRANSLATE_EXAMPLES)
    .action(async (inputs: string[], opts: TranslateCommandOptions) => {
      const list = await usableInputs(inputs, translateCmd);
      setExit(list ? await (await import('./translate-command.js')).runTranslate(list, opts, ctx) : EXIT.USAGE);
    });

  program
    .command('formats')
    .description('list the native bounce formats bouncemapi reads, one line each')
    .action(async () => {
      const { FORMATS } = await import('../3-formats/registry.js');
      const width = Math.max(...FORMATS.map((f) => f.id.length));
      for (const f of FORMATS) ctx.stdout.write(`${f.id.padEnd(width)}  ${f.description}\n`);
      setExit(EXIT.OK);
    });

  program
    .command('schema')
    .description('print the JSON Schema of an output (parse: the recipient-status table; translate: the MAPI reports)')
    .argument('[which]', SCHEMA_NAMES.join(' | '), 'parse')
    .action(async (which: string) => {
      // loaded here only: the schemas need zod, which every other command starts faster without
      const schema = (await import('../7-output/json-schema.js')).schemaFor(which);
      if (!schema) {
        ctx.stderr.write(`bouncemapi: unknown schema "${which}" (known: ${SCHEMA_NAMES.join(', ')})\n`);
        setExit(EXIT.USAGE);
        return;
      }
      ctx.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
      setExit(EXIT.OK);
    });

  return program;
}

/** Run the CLI with `argv` (as process.argv: node, script, args...). Resolves to the exit status. */
export async function main(argv: string[] = process.argv, ctx: CliContext = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let code: number = EXIT.OK;
  const raw = rawArgs(argv);
  const program = buildProgram(
    ctx,
    (c) => {
      code = c;
    },
    raw.resolve,
  );
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...raw.argv.slice(0, 2), ...commandFirst(raw.argv.slice(2), program, existsSync)]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      // commander exits 1 on usage errors; our contract says 2
      return EXIT.USAGE;
    }
    const err = e as Error;
    ctx.stderr.write(`bouncemapi: ${err?.message ?? String(e)}\n`);
    if (debug && err?.stack) ctx.stderr.write(`${err.stack}\n`);
    return EXIT.ERROR;
  }
}

// for the bin shim, which installs its stream handlers with them before main() runs
export { EXIT };
export { systemErrorText } from '../0-core/errors.js';
