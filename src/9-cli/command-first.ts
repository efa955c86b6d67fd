// `bouncemapi --format ndjson parse FILE`: options written before the command's name. parse is
// the default command, so commander hands it every argument, and it took "parse" for an input
// file ("parse: no such file or directory"). The name is moved to the front when only options
// (and their values) come before it, and no file of that name is there to be meant instead.
import type { Command } from 'commander';

/** Every long and short flag of the program's commands that takes a value (`--format <f>`). */
function valueFlags(program: Command): Set<string> {
  const out = new Set<string>();
  for (const cmd of [program, ...program.commands]) {
    for (const o of cmd.options) {
      if (!o.required && !o.optional) continue;
      if (o.long) out.add(o.long);
      if (o.short) out.add(o.short);
    }
  }
  return out;
}

/** `args` (argv without node and the script) with a command's name first when options stand before it. */
export function commandFirst(args: readonly string[], program: Command, fileExists: (name: string) => boolean): readonly string[] {
  const names = new Set(program.commands.map((c) => c.name()));
  if (args.length === 0 || names.has(args[0]) || !args[0].startsWith('-')) return args;
  const takesValue = valueFlags(program);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--' || a === '-') return args;
    if (!a.startsWith('-')) return names.has(a) && !fileExists(a) ? [a, ...args.slice(0, i), ...args.slice(i + 1)] : args;
    // `--format=ndjson` and `-fndjson` carry their value; `--format ndjson` takes the next argument
    if (!a.includes('=') && takesValue.has(a)) i++;
  }
  return args;
}
