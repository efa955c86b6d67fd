// Real bounces from ../shared/corpus through the translator and both writers: every .eml
// reads back to the same rows, every .msg opens in msgreader with the same class and
// recipients (skipped cleanly when the corpus is absent).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../src/1-input/sources.js';
import { translate } from '../src/6-mapi/status-recips.js';
import { renderEml } from '../src/7-output/eml.js';
import { renderMsg } from '../src/7-output/msg.js';
import { analyzeMessage } from '../src/8-pipeline/parse.js';
import { analyzeItems, inputOptions } from '../src/8-pipeline/run.js';
import { readMsg } from './helpers/msg.js';
import { CORPUS, HAS_CORPUS } from './helpers/paths.js';

describe.skipIf(!HAS_CORPUS)('shared corpus through translate', () => {
  it('every report survives .eml and .msg output', async () => {
    let reports = 0;
    const failures: string[] = [];
    for await (const { result, returnedBytes } of analyzeItems(expandInputs([path.join(CORPUS, 'sisimai')], inputOptions({})))) {
      for (const r of translate(result, { returnedBytes })) {
        reports++;
        const name = `${path.basename(r.source)} ${r.reportType}`;
        const want = r.recipients.map((x) => `${x.dsn.finalRecipient} ${x.dsn.action} ${x.dsn.status}`);
        const back = (await analyzeMessage(await renderEml(r, { returnedBytes }), name)).result;
        const got = back.recipients.map((x) => `${x.recipient} ${x.action} ${x.status}`);
        if (back.kind !== 'dsn' || JSON.stringify(got) !== JSON.stringify(want)) failures.push(`eml ${name}: ${got.join(', ')} != ${want.join(', ')}`);
        const fields = readMsg(await renderMsg(r, { returnedBytes }));
        const emails = fields.recipients?.map((x) => x.email) ?? [];
        if (fields.messageClass !== r.messageClass || JSON.stringify(emails) !== JSON.stringify(r.recipients.map((x) => x.PidTagEmailAddress))) failures.push(`msg ${name}`);
      }
    }
    expect(reports).toBeGreaterThanOrEqual(323); // as many as the corpus gives today
    expect(failures).toEqual([]);
  });
});
