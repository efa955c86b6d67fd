// Generalisation checked by perturbation (issue 15): each message of the shared Sisimai half
// (../shared/corpus/sisimai) is parsed as it is and again after ONE small, named, deterministic
// change of the kind a generator's clones, configuration or transport produce (an intro reworded
// or translated, other wrapping, other address-line shapes, header From/Subject changed, line
// endings, transfer re-encoding, label case, doubled blank lines, a footer, a returned copy cut
// or missing). The table counts, per perturbation and per format module family, how many
// messages lose recognition, lose or change recipients, or change a status.
//
// A tool, not a test: `npm run perturb [-- --verbose] [-- --only=name]`. It reads the corpus and
// writes nothing; it skips with one line when ../shared/corpus is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeMessage } from '../../src/8-pipeline/parse.js';
import type { ParseResult } from '../../src/0-core/schema.js';
import { isMime, PERTURBATIONS } from './perturbations.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const corpusDir = path.resolve(root, '../shared/corpus/sisimai');
const verbose = process.argv.includes('--verbose');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
// --dump=<perturbation>:<file>: print that perturbed message to stdout (to look at a loss)
const dump = process.argv.find((a) => a.startsWith('--dump='))?.slice('--dump='.length);

// Perturbations a family's generator cannot produce, with the reason (its source fixes the
// shape); with `when`, only for the originals it holds for.
type Exclusion = string | { why: string; when: (original: string) => boolean };
const SMTPD_NOTICE = /^Subject:[^\n]* SMTP server: errors from /im;
const NOT_PRODUCIBLE: Record<string, Record<string, Exclusion>> = {
  postfix: {
    'addr-indent': 'bounce_notify_util.c writes every recipient as "<addr>: text" at column 0',
    'addr-brackets': 'bounce_notify_util.c writes every recipient as "<addr>: text"',
    'addr-colon': 'bounce_notify_util.c writes every recipient as "<addr>: text"',
    'no-subject': { why: 'smtpd_chat.c smtpd_chat_notify() writes the Subject of its transcript notice itself', when: (o) => SMTPD_NOTICE.test(o) },
    'subject-l10n': { why: 'smtpd_chat.c smtpd_chat_notify() writes the Subject of its transcript notice itself', when: (o) => SMTPD_NOTICE.test(o) },
  },
  sendmail: {
    'intro-reword': 'savemail.c writes the "----- The following addresses had ..." banners itself; ErrorHeader only adds text',
    'intro-de': 'savemail.c writes its banners in English only',
    'lead-de': 'savemail.c writes its banners in English only',
    'returned-missing': {
      why: 'Sendmail 5 savemail.c errbody() always writes a line after the transcript ("Unsent message follows", "Message header follows" or "No message was collected"); a text without one is not its',
      when: (o) => !isMime(o),
    },
  },
  google: {
    'from-custom': 'Gmail and Google Groups send from their own fixed mailer-daemon addresses',
    'wrap-48': "Google's notices are one service's fixed templates, wrapped as Google wraps them",
    'wrap-unwrap': "Google's notices are one service's fixed templates, wrapped as Google wraps them",
    'intro-reword': "Google's notices are one service's fixed templates",
    'intro-de': "Google localises its notices as a whole, not one paragraph",
    'lead-de': "Google localises its notices as a whole, with its own wording",
    'addr-indent': "Google's notices are one service's fixed templates",
    'addr-brackets': "Google's notices are one service's fixed templates",
    'addr-colon': "Google's notices are one service's fixed templates",
  },
  amazon: {
    'from-custom': 'Amazon SES sends from its fixed MAILER-DAEMON@amazonses.com address',
    'intro-reword': "Amazon SES/WorkMail notices are one service's fixed templates",
    'intro-de': "Amazon SES/WorkMail notices are one service's fixed templates",
    'lead-de': "Amazon SES/WorkMail notices are one service's fixed templates",
  },
};

// ---------------------------------------------------------------- measure

function familyMap(): Map<string, string> {
  const fam = new Map<string, string>();
  const dir = path.join(root, 'src/3-formats');
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name === 'readers') continue;
    for (const f of readdirSync(path.join(dir, d.name))) {
      if (!f.endsWith('.ts')) continue;
      const src = readFileSync(path.join(dir, d.name, f), 'utf8');
      for (const m of src.matchAll(/^\s*id: '([a-z0-9-]+)'/gm)) fam.set(m[1], d.name);
      // modules made by a factory: `export const x = factory('id', ...)`
      for (const m of src.matchAll(/^export const \w+ = \w+\('([a-z0-9-]+)'/gm)) fam.set(m[1], d.name);
    }
  }
  return fam;
}

interface Cell {
  applied: number;
  lostRecognition: number;
  recipientsChanged: number;
  statusChanged: number;
  excluded: number;
  /** read the same, but by another module (information: a structure reader was bypassed) */
  formatChanged: number;
}

const cell = (): Cell => ({ applied: 0, lostRecognition: 0, recipientsChanged: 0, statusChanged: 0, excluded: 0, formatChanged: 0 });

async function parse(s: string, source: string): Promise<ParseResult> {
  return (await analyzeMessage(Buffer.from(s, 'latin1'), source)).result;
}

const rcptSet = (r: ParseResult): string => r.recipients.map((x) => x.recipient.toLowerCase()).sort().join(',');
const statusSet = (r: ParseResult): string => r.recipients.map((x) => `${x.recipient.toLowerCase()}=${x.status ?? ''}`).sort().join(',');

async function main(): Promise<void> {
  if (!existsSync(corpusDir)) {
    console.log(`perturb: ${path.relative(root, corpusDir)} is absent; nothing to measure (skipped)`);
    return;
  }
  if (dump) {
    const [name, file] = dump.split(':');
    let s = readFileSync(path.join(corpusDir, file)).toString('latin1');
    if (s.startsWith('From ')) s = s.slice(s.indexOf('\n') + 1);
    const p = PERTURBATIONS.find((x) => x.name === name);
    process.stdout.write(Buffer.from(p ? p.apply(s) : s, 'latin1'));
    return;
  }
  const fam = familyMap();
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.eml')).sort();
  const perts = PERTURBATIONS.filter((p) => !only || p.name === only);
  const table = new Map<string, Map<string, Cell>>(); // perturbation -> family -> cell
  const misses: string[] = [];
  for (const file of files) {
    let s = readFileSync(path.join(corpusDir, file)).toString('latin1');
    if (s.startsWith('From ')) s = s.slice(s.indexOf('\n') + 1); // one message saved from an mbox
    const orig = await parse(s, file);
    // only bounces read today can be lost (feedback reports and auto-replies are not bounces)
    if (!orig.recognized || orig.kind !== 'dsn' || orig.recipients.length === 0) continue;
    const family = fam.get(orig.format ?? '') ?? 'none';
    for (const p of perts) {
      const t = p.apply(s);
      if (t === s) continue;
      const row = table.get(p.name) ?? new Map<string, Cell>();
      table.set(p.name, row);
      const c = row.get(family) ?? cell();
      row.set(family, c);
      c.applied++;
      // a combination is out of reach when one of its parts is
      const why = p.name
        .split('+')
        .map((part) => {
          const ex = NOT_PRODUCIBLE[family]?.[part];
          return typeof ex === 'string' ? ex : ex && ex.when(s) ? ex.why : undefined;
        })
        .find((w) => w !== undefined);
      const got = await parse(t, file);
      const lostRec = !got.recognized || got.recipients.length === 0;
      const rc = !lostRec && rcptSet(got) !== rcptSet(orig);
      const sc = !lostRec && !rc && !p.statusGone && statusSet(got) !== statusSet(orig);
      if (why && (lostRec || rc || sc)) {
        c.excluded++;
        continue;
      }
      if (!why && !lostRec && !rc && !sc && got.format !== orig.format) {
        c.formatChanged++;
        misses.push(`${p.name}\t${family}/${orig.format}\t${file}\tsame rows, format ${orig.format} -> ${got.format}`);
      }
      if (lostRec) c.lostRecognition++;
      if (rc) c.recipientsChanged++;
      if (sc) c.statusChanged++;
      if (lostRec || rc || sc) misses.push(`${p.name}\t${family}/${orig.format}\t${file}\t${lostRec ? 'lost' : rc ? `rcpt ${rcptSet(orig)} -> ${rcptSet(got)}` : `status ${statusSet(orig)} -> ${statusSet(got)}`}`);
    }
  }
  const families = [...new Set([...table.values()].flatMap((m) => [...m.keys()]))].sort();
  console.log('perturbation: applied / lost recognition / recipients changed / status changed (per format family; "x" = losses the family\'s generator cannot produce, not counted)');
  let totApplied = 0;
  let totLoss = 0;
  for (const p of perts) {
    const row = table.get(p.name);
    if (!row) continue;
    const cells = families
      .filter((f) => row.has(f))
      .map((f) => {
        const c = row.get(f)!;
        totApplied += c.applied;
        totLoss += c.lostRecognition + c.recipientsChanged + c.statusChanged;
        const bad = c.lostRecognition + c.recipientsChanged + c.statusChanged;
        return bad || c.excluded ? `${f} ${c.applied}/${c.lostRecognition}/${c.recipientsChanged}/${c.statusChanged}${c.excluded ? ` x${c.excluded}` : ''}` : null;
      })
      .filter((x) => x !== null);
    const sum = [...row.values()].reduce((a, c) => ({ ...a, applied: a.applied + c.applied, lostRecognition: a.lostRecognition + c.lostRecognition, recipientsChanged: a.recipientsChanged + c.recipientsChanged, statusChanged: a.statusChanged + c.statusChanged, excluded: a.excluded + c.excluded, formatChanged: a.formatChanged + c.formatChanged }), cell());
    const moved = sum.formatChanged ? ` (same rows by another module: ${sum.formatChanged})` : '';
    console.log(`${p.name.padEnd(34)} ${String(sum.applied).padStart(4)} ${String(sum.lostRecognition).padStart(3)} ${String(sum.recipientsChanged).padStart(3)} ${String(sum.statusChanged).padStart(3)}   ${cells.join('; ') || 'no loss'}${moved}`);
  }
  console.log(`total: ${totLoss} losses in ${totApplied} perturbed messages`);
  if (verbose) for (const m of misses) console.log(m);
}

await main();
