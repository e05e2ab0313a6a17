/**
 * Patient-specific suitability: renal function by eGFR band, hepatic impairment, age
 * (pediatric, elderly), sex, pregnancy, lactation, diagnoses (contraindication, history)
 * and lab values. Each fires only when the patient fact is known: missing data skips the
 * check, it never assumes the worst.
 */
import type { Finding } from '../../domain/finding';
import { LEVEL_RANK, LEVEL_ZH } from '../../domain/levels';
import type { Drug } from '../../knowledge/schema';
import { matchesIcd } from '../normalize/icd';
import { canonicalLabUnit } from '../normalize/labs';
import { describeAge } from '../normalize/patient';
import { finding, nameOf, type CheckContext, type ResolvedOrder } from '../context';
import type { Check } from './check';

function systemicDrugOrders(ctx: CheckContext): Array<ResolvedOrder & { drug: Drug }> {
  return ctx.orders.filter((o): o is ResolvedOrder & { drug: Drug } => o.drug !== null && !o.isCarrier);
}

export const renalCheck: Check = {
  id: 'renal',
  types: ['renal'],
  doc: '按 eGFR（或 Cockcroft-Gault 估算的肌酐清除率）分段的肾功能不全用药限制。',
  run: (ctx) => {
    const renal = ctx.patient.renal;
    if (!renal) return [];
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      const fired = o.drug.renal.filter((r) => renal.value < r.egfrBelow);
      if (fired.length === 0) continue;
      const r = fired.reduce((a, b) => (LEVEL_RANK[b.level] > LEVEL_RANK[a.level] || (b.level === a.level && b.egfrBelow < a.egfrBelow) ? b : a));
      out.push(finding({
        checkType: 'renal', level: r.level, ruleId: `renal:${o.drug.id}:<${r.egfrBelow}`, orders: [o],
        summary: `${renal.text}，${nameOf(o)}${LEVEL_ZH[r.level]}`,
        what: `患者${renal.text}，低于 ${r.egfrBelow}；开具 ${o.label}。`, why: r.note,
        action: r.level === 'contraindicated' ? '请停用或更换为不经肾排泄的药物。' : '请按肾功能调整剂量或给药间隔，并监测肾功能。',
        sources: [r.source], facts: [renal.text],
      }));
    }
    return out;
  },
};

export const hepaticCheck: Check = {
  id: 'hepatic',
  types: ['hepatic'],
  doc: '肝功能不全（肝病诊断或 ALT/AST > 3 倍正常上限）时的用药限制。',
  run: (ctx) => {
    const h = ctx.patient.hepaticImpairment;
    if (!h) return [];
    return systemicDrugOrders(ctx).filter((o) => o.drug.hepatic).map((o) => finding({
      checkType: 'hepatic', level: o.drug.hepatic!.level, ruleId: `hepatic:${o.drug.id}`, orders: [o],
      summary: `肝功能不全（${h}），${nameOf(o)}${LEVEL_ZH[o.drug.hepatic!.level]}`,
      what: `患者肝功能不全：${h}；开具 ${o.label}。`, why: o.drug.hepatic!.note,
      action: '请评估肝功能后调整或更换药物，并监测肝功能。', sources: [o.drug.hepatic!.source], facts: [h],
    }));
  },
};

export const ageCheck: Check = {
  id: 'age',
  types: ['age', 'pediatric'],
  doc: '按年龄的用药限制（儿童、青少年、老年人），年龄以开方日计算，婴幼儿精确到天。',
  run: (ctx) => {
    const years = ctx.patient.ageDays !== null ? ctx.patient.ageDays / 365.25 : null;
    const completed = ctx.patient.ageYears;
    if (years === null || completed === null) return [];
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      for (const r of o.drug.ageRules) {
        const young = r.belowAgeYears !== undefined && (Number.isInteger(r.belowAgeYears) ? completed < r.belowAgeYears : years < r.belowAgeYears);
        const old = r.atLeastAgeYears !== undefined && completed >= r.atLeastAgeYears;
        if (!young && !old) continue;
        out.push(finding({
          checkType: r.checkType, level: r.level, ruleId: `age:${o.drug.id}:${young ? `<${r.belowAgeYears}` : `>=${r.atLeastAgeYears}`}`, orders: [o],
          summary: `患者 ${describeAge(ctx.patient)}，${nameOf(o)}${LEVEL_ZH[r.level]}`,
          what: `患者 ${describeAge(ctx.patient)}，开具 ${o.label}。`, why: r.note,
          action: r.level === 'contraindicated' ? '请更换为适用于该年龄段的药物。' : '请评估获益与风险，必要时调整剂量并加强监测。',
          sources: [r.source], facts: [`年龄 ${describeAge(ctx.patient)}`],
        }));
      }
    }
    return out;
  },
};

export const sexCheck: Check = {
  id: 'sex',
  types: ['sex'],
  doc: '仅用于某一性别的药品开给另一性别的患者。',
  run: (ctx) => {
    const sex = ctx.patient.sex;
    if (sex !== 'male' && sex !== 'female') return [];
    return systemicDrugOrders(ctx).filter((o) => o.drug.sex && o.drug.sex.only !== sex).map((o) => finding({
      checkType: 'sex', level: o.drug.sex!.level, ruleId: `sex:${o.drug.id}`, orders: [o],
      summary: `${nameOf(o)}用于${o.drug.sex!.only === 'male' ? '男性' : '女性'}，患者为${sex === 'male' ? '男性' : '女性'}`,
      what: `患者性别${sex === 'male' ? '男' : '女'}，开具 ${o.label}。`, why: o.drug.sex!.note,
      action: '请核对患者性别与药品。', sources: [o.drug.sex!.source], facts: [`性别 ${sex === 'male' ? '男' : '女'}`],
    }));
  },
};

export const pregnancyLactationCheck: Check = {
  id: 'pregnancy-lactation',
  types: ['pregnancy', 'lactation'],
  doc: '妊娠期（观察项或 ICD-10 Z33、O00–O9A）与哺乳期妇女用药。',
  run: (ctx) => {
    const out: Finding[] = [];
    const { pregnant, lactating } = ctx.patient;
    for (const o of systemicDrugOrders(ctx)) {
      if (pregnant && o.drug.pregnancy) {
        const r = o.drug.pregnancy;
        out.push(finding({
          checkType: 'pregnancy', level: r.level, ruleId: `pregnancy:${o.drug.id}`, orders: [o],
          summary: `妊娠期患者，${nameOf(o)}${LEVEL_ZH[r.level]}`, what: `${pregnant}；开具 ${o.label}。`, why: r.note,
          action: r.level === 'contraindicated' ? '请更换为妊娠期可用的药物。' : '请权衡利弊，必要时更换药物。', sources: [r.source], facts: [pregnant],
        }));
      }
      if (lactating && o.drug.lactation) {
        const r = o.drug.lactation;
        out.push(finding({
          checkType: 'lactation', level: r.level, ruleId: `lactation:${o.drug.id}`, orders: [o],
          summary: `哺乳期患者，${nameOf(o)}${LEVEL_ZH[r.level]}`, what: `${lactating}；开具 ${o.label}。`, why: r.note,
          action: '请更换药物或用药期间暂停哺乳。', sources: [r.source], facts: [lactating],
        }));
      }
    }
    return out;
  },
};

export const diagnosisCheck: Check = {
  id: 'diagnosis',
  types: ['contraindication', 'history-contraindication', 'chronic-disease'],
  doc: '诊断（ICD-10 及中文诊断名）相关的禁忌症、病史禁忌与慢病用药。',
  run: (ctx) => {
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      for (const r of o.drug.diagnoses) {
        const pool = r.includeHistory || r.checkType === 'history-contraindication' ? [...ctx.patient.activeDiagnoses, ...ctx.patient.historyDiagnoses] : ctx.patient.activeDiagnoses;
        const dx = pool.find((d) => (d.code !== undefined && matchesIcd(d.code, r.icd10)) || (d.text !== undefined && r.keywords.some((k) => d.text!.includes(k))));
        if (!dx) continue;
        const dxText = `${dx.text ?? ''}${dx.code ? `（${dx.code}）` : ''}`;
        out.push(finding({
          checkType: r.checkType, level: r.level, ruleId: `${r.checkType}:${o.drug.id}:${r.icd10[0]}`, orders: [o],
          summary: `${dx.status === 'active' ? '诊断' : '病史'}${dxText}，${nameOf(o)}${LEVEL_ZH[r.level]}`,
          what: `患者${dx.status === 'active' ? '诊断' : '既往史'}：${dxText}；开具 ${o.label}。`, why: r.note,
          action: r.level === 'contraindicated' ? '请更换药物。' : '请评估风险，必要时更换药物或加强监测。', sources: [r.source], facts: [dxText],
        }));
      }
    }
    return out;
  },
};

const OPS = { '<': (a: number, b: number) => a < b, '<=': (a: number, b: number) => a <= b, '>': (a: number, b: number) => a > b, '>=': (a: number, b: number) => a >= b } as const;

export const labCheck: Check = {
  id: 'lab',
  types: ['lab-contraindication'],
  doc: '检验结果（血钾、INR、血小板、血糖、转氨酶等）相关的用药禁忌。',
  run: (ctx) => {
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      for (const r of o.drug.labs) {
        const v = ctx.patient.labs.get(r.lab);
        // Rule values are written in the canonical unit; a rule in another unit is not compared.
        if (!v || r.unit !== canonicalLabUnit(r.lab) || !OPS[r.op](v.value, r.value)) continue;
        out.push(finding({
          checkType: 'lab-contraindication', level: r.level, ruleId: `lab:${o.drug.id}:${r.lab}${r.op}${r.value}`, orders: [o],
          summary: `${v.label} ${v.value} ${v.unit}，${nameOf(o)}${LEVEL_ZH[r.level]}`,
          what: `检验：${v.label} ${v.value} ${v.unit}（${r.op} ${r.value}）；开具 ${o.label}。`, why: r.note,
          action: '请结合检验结果调整用药，必要时复查。', sources: [r.source], facts: [`${v.label} ${v.value} ${v.unit}`],
        }));
      }
    }
    return out;
  },
};

export const warningCheck: Check = {
  id: 'warning',
  types: ['warning'],
  doc: '高警示药品与需皮试药品的提示（info：未违反规则，仅提醒）。',
  run: (ctx) => {
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      if (o.drug.highAlert) {
        out.push(finding({
          checkType: 'warning', level: 'info', ruleId: `warning:high-alert:${o.drug.id}`, orders: [o],
          summary: `${nameOf(o)}为高警示药品`, what: `${o.label} 属高警示药品。`, why: o.drug.highAlert.note,
          action: '请双人核对剂量、浓度与给药途径。', sources: [o.drug.highAlert.source],
        }));
      }
      if (o.drug.skinTest) {
        out.push(finding({
          checkType: 'warning', level: 'info', ruleId: `warning:skin-test:${o.drug.id}`, orders: [o],
          summary: `${nameOf(o)}用药前需皮试`, what: `${o.label} 使用前应进行皮肤过敏试验。`, why: o.drug.skinTest.note,
          action: '请确认皮试结果阴性后用药。', sources: [o.drug.skinTest.source],
        }));
      }
    }
    return out;
  },
};
