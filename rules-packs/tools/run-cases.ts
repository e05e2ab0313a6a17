/**
 * `npx tsx rules-packs/tools/run-cases.ts [dir|file] [--verbose]`: runs clinical cases through
 * the engine with the baseline pack and prints recall and false alarms per check type.
 */
import fs from 'node:fs';
import path from 'node:path';
import { review } from '../../app/engine/review';
import { caseToReviewRequest, readCases, scoreCase, type ClinicalCase } from './cases';
import { BASELINE_DIR, loadIndexedPack } from './read-pack';

const arg = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? path.join(BASELINE_DIR, 'cases');
const verbose = process.argv.includes('--verbose');
const kb = loadIndexedPack();
const cases = fs.statSync(arg).isDirectory() ? readCases(arg) : (JSON.parse(fs.readFileSync(arg, 'utf8')) as ClinicalCase[]).map((c) => ({ file: path.basename(arg), c }));
let pos = 0, posPass = 0, clean = 0, cleanFail = 0;
for (const { file, c } of cases) {
  const r = review(kb, caseToReviewRequest(c));
  const s = scoreCase(c, r.findings);
  if (c.expect === 'clean') { clean++; if (!s.pass) cleanFail++; } else { pos++; if (s.pass) posPass++; }
  if (!s.pass || verbose) console.log(`${s.pass ? 'PASS' : 'FAIL'} ${file} ${c.id} ${c.title ?? ''}${s.pass ? '' : `\n     ${s.why}`}`);
}
console.log(`cases=${cases.length} recall=${pos ? ((100 * posPass) / pos).toFixed(1) : '-'}% (${posPass}/${pos}) falseAlarms=${clean ? ((100 * cleanFail) / clean).toFixed(1) : '-'}% (${cleanFail}/${clean})`);
process.exitCode = posPass === pos && cleanFail === 0 ? 0 : 1;
