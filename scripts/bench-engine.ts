/**
 * `npm run bench:engine`: the engine over a realistic mix (3–5 drugs, 5 current medicines,
 * 10 labs) with the full baseline knowledge base. Last line:
 * `engine p50=<ms> p99=<ms> throughput=<prescriptions/s> kbLoad=<ms>`.
 */
import { performance } from 'node:perf_hooks';
import type { OrderInput, ReviewRequest } from '../app/domain/review-request';
import { review } from '../app/engine/review';
import { assembleKnowledgeBase } from '../app/knowledge/assemble';
import { indexKnowledgeBase } from '../app/knowledge/indexed';
import { rng } from '../platform/src/demo/his-simulator';
import { BASELINE_DIR, readPackFiles } from '../rules-packs/tools/read-pack';

const t0 = performance.now();
const assembled = assembleKnowledgeBase(readPackFiles(BASELINE_DIR));
if (!assembled.ok) throw new Error('baseline pack invalid');
const kb = indexKnowledgeBase(assembled.kb);
const kbLoad = performance.now() - t0;

const r = rng(20261130);
const drugs = [...kb.drugs.values()].filter((d) => d.doses.length > 0);
const pool = drugs.length > 0 ? drugs : [...kb.drugs.values()];
const FREQ = ['qd', 'bid', 'tid', 'q8h', 'qn'];
const LABS: Array<[string, string, number, number, string]> = [
  ['33914-3', '估算肾小球滤过率', 20, 110, 'mL/min/1.73m2'], ['2160-0', '肌酐', 50, 300, 'μmol/L'], ['1742-6', '丙氨酸氨基转移酶', 10, 200, 'U/L'],
  ['1920-8', '天门冬氨酸氨基转移酶', 10, 150, 'U/L'], ['2823-3', '钾', 3, 6.5, 'mmol/L'], ['6301-6', '国际标准化比值', 0.9, 4, ''],
  ['777-3', '血小板计数', 40, 400, '10^9/L'], ['2345-7', '葡萄糖', 3.5, 15, 'mmol/L'], ['2951-2', '钠', 128, 150, 'mmol/L'], ['718-7', '血红蛋白', 80, 160, 'g/L'],
];

function orderOf(i: number, prefix: string): OrderInput {
  const d = pool[Math.floor(r() * pool.length)];
  const limit = d?.doses[0];
  const amount = limit?.usualSingle ?? limit?.maxSingle;
  const form = d?.forms[0];
  return {
    ref: `${prefix}/${i}`,
    text: `${d?.nameZh ?? '未知药'}${form?.form ?? '片'} ${form?.strengths[0] ?? ''}`,
    atc: r() < 0.5 ? d?.atc[0] : undefined,
    dose: amount ? { value: amount.value * (r() < 0.1 ? 3 : 1), unit: amount.unit } : { value: 1, unit: '片' },
    frequencyCode: FREQ[Math.floor(r() * FREQ.length)],
    route: limit?.routes[0] === 'iv' ? '静脉滴注' : '口服',
    days: 1 + Math.floor(r() * 10),
  };
}

function makeRequest(n: number): ReviewRequest {
  const count = 3 + Math.floor(r() * 3);
  return {
    authoredOn: '2026-06-15T09:00:00+08:00',
    patient: { sex: r() < 0.5 ? 'male' : 'female', birthDate: `${1940 + Math.floor(r() * 80)}-0${1 + Math.floor(r() * 9)}-15`, weightKg: 40 + r() * 50 },
    diagnoses: [{ code: 'I10', text: '原发性高血压', status: 'active' }, { code: 'E11.9', text: '2型糖尿病', status: 'active' }],
    allergies: r() < 0.3 ? [{ text: '青霉素' }] : [],
    observations: LABS.map(([loinc, text, lo, hi, unit]) => ({ loinc, text, value: lo + r() * (hi - lo), unit })),
    prescriberTitle: '主治医师',
    institutionLevel: '乡镇卫生院',
    visitType: 'AMB',
    orders: Array.from({ length: count }, (_, i) => orderOf(i, `MedicationRequest/${n}`)),
    currentMedications: Array.from({ length: 5 }, (_, i) => orderOf(i, `current/${n}`)),
  };
}

const requests = Array.from({ length: 2000 }, (_, i) => makeRequest(i));
for (let i = 0; i < 500; i++) review(kb, requests[i % requests.length]!); // warm-up (JIT)

const times: number[] = [];
const start = performance.now();
const rounds = 10_000;
let findings = 0;
for (let i = 0; i < rounds; i++) {
  const t = performance.now();
  findings += review(kb, requests[i % requests.length]!).findings.length;
  times.push(performance.now() - t);
}
const total = performance.now() - start;
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
process.stdout.write(`drugs=${kb.drugs.size} interactions=${kb.interactionCount} rounds=${rounds} findings/prescription=${(findings / rounds).toFixed(2)}\n`);
process.stdout.write(`engine p50=${pct(50).toFixed(3)} p99=${pct(99).toFixed(3)} throughput=${Math.round(rounds / (total / 1000))} kbLoad=${kbLoad.toFixed(1)}\n`);
