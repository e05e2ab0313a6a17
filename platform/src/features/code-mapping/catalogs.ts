/**
 * The platform-side targets a local code maps to: the knowledge base's drugs (by id),
 * ICD-10 codes, LOINC codes (or the platform lab kinds the engine knows), and the platform
 * department catalog below.
 */
import type { CodeKind } from '../../../../app/contracts/data-center';
import type { IndexedKb } from '../../../../app/knowledge/indexed';

/**
 * 诊疗科目 codes and names of 《医疗机构诊疗科目名录》(卫医发〔1994〕第27号; 疼痛科 added by
 * 卫医发〔2007〕227号, 重症医学科 by 卫医政发〔2009〕9号) — the platform's department catalog.
 */
export const PLATFORM_DEPARTMENTS: ReadonlyArray<readonly [string, string]> = [
  ['01', '预防保健科'], ['02', '全科医疗科'], ['03', '内科'], ['04', '外科'], ['05', '妇产科'], ['06', '妇女保健科'], ['07', '儿科'], ['08', '小儿外科'],
  ['09', '儿童保健科'], ['10', '眼科'], ['11', '耳鼻咽喉科'], ['12', '口腔科'], ['13', '皮肤科'], ['14', '医疗美容科'], ['15', '精神科'], ['16', '传染科'],
  ['17', '结核病科'], ['18', '地方病科'], ['19', '肿瘤科'], ['20', '急诊医学科'], ['21', '康复医学科'], ['22', '运动医学科'], ['23', '职业病科'],
  ['24', '临终关怀科'], ['25', '特种医学与军事医学科'], ['26', '麻醉科'], ['27', '疼痛科'], ['28', '重症医学科'], ['30', '医学检验科'], ['31', '病理科'],
  ['32', '医学影像科'], ['50', '中医科'], ['51', '民族医学科'], ['52', '中西医结合科'],
];
const DEPT_BY_CODE = new Map(PLATFORM_DEPARTMENTS);

export const ICD10_RE = /^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/;
export const LOINC_RE = /^\d{1,7}-\d$/;

/** Whether a code already is a platform code of its kind (then it needs no mapping). */
export function isPlatformCode(kind: CodeKind, code: string): boolean {
  if (kind === 'diagnosis') return ICD10_RE.test(code);
  if (kind === 'lab') return LOINC_RE.test(code);
  return false;
}

/** The target's display name, or null when the target does not exist in its catalog. */
export function targetName(kb: IndexedKb, kind: CodeKind, code: string): string | null {
  if (kind === 'drug') return kb.drugs.get(code)?.nameZh ?? null;
  if (kind === 'department') return DEPT_BY_CODE.get(code) ?? null;
  if (kind === 'diagnosis') return ICD10_RE.test(code) ? code : null;
  return LOINC_RE.test(code) ? code : null;
}
