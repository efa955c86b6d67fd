// npm run dsn-coverage [-- DIR]: of the corpus files with a delivery-status part, how many
// come out as kind dsn with a valid RFC 3463 status (issue 2's measure).
import path from 'node:path';
import { dsnCoverage } from './corpus-lib.js';

const dir = process.argv[2] ?? path.resolve(import.meta.dirname, '../../../shared/corpus/sisimai');
const cov = await dsnCoverage(dir);
const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(1) : '0.0');
console.log(`files: ${cov.files}  results: ${cov.results}  errors: ${cov.errors}`);
console.log(`with a delivery-status part: ${cov.withDsnPart}; kind dsn with a valid status: ${cov.dsnWithValidStatus} (${pct(cov.dsnWithValidStatus, cov.withDsnPart)}%)`);
if (cov.misses.length) console.log(`not read as such: ${cov.misses.join(' ')}`);
