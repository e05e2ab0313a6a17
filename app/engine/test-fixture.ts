/**
 * A small, self-contained knowledge base for the engine's unit tests, so each check's logic
 * is tested independently of the baseline pack's content (which has its own case tests).
 * Facts mirror the labels cited; they are test data, not the product's knowledge base.
 */
import type { ReviewRequest } from '../domain/review-request';
import { indexKnowledgeBase, type IndexedKb } from '../knowledge/indexed';
import { knowledgeBaseSchema, type KnowledgeBaseInput } from '../knowledge/schema';

const label = (title: string, section: string) => ({ kind: 'label' as const, title, ...(section ? { section } : {}) });

export const FIXTURE: KnowledgeBaseInput = {
  manifest: { id: 'fixture', revision: 1, engineApi: 1, publisher: 'test', created: '2026-01-01T00:00:00+08:00' },
  regulations: {
    maxDrugsPerPrescription: { value: 5, level: 'caution', source: { kind: 'regulation', title: '处方管理办法', section: '第六条' } },
    supplyDays: { outpatient: 7, emergency: 3, chronicUsual: 28, chronicMax: 84, level: 'caution', source: { kind: 'regulation', title: '处方管理办法', section: '第十九条' }, chronicSource: { kind: 'regulation', title: '长期处方管理规范（试行）' } },
    extendedCourses: [{ icd10: ['B98.0'], keywords: ['幽门螺杆菌'], maxDays: 14, source: { kind: 'guideline', title: '第五次全国幽门螺杆菌感染处理共识报告（2017）' } }],
    chronicDiagnoses: { icd10: ['I10-I15', 'E11'], keywords: ['高血压'], source: { kind: 'regulation', title: '长期处方管理规范（试行）' } },
    antibacterialRights: { byTitle: { 主任医师: 'special', 副主任医师: 'special', 主治医师: 'restricted', 住院医师: 'non-restricted', 乡村医生: 'non-restricted' }, restrictedInstitutions: ['村卫生室'], level: 'not-recommended', source: { kind: 'regulation', title: '抗菌药物临床应用管理办法', section: '第二十四条' } },
    specialTierOutpatient: { level: 'not-recommended', source: { kind: 'regulation', title: '抗菌药物临床应用管理办法', section: '第二十八条' } },
    controlledSupply: {
      narcoticAndPsychotropic1: { injectionDays: 1, controlledReleaseDays: 7, otherDays: 3 }, painPatients: { injectionDays: 3, controlledReleaseDays: 15, otherDays: 7 }, psychotropic2Days: 7, exceptions: [],
      painDiagnoses: { icd10: ['C00-D09', 'G89'], keywords: ['癌痛', '慢性疼痛'] }, level: 'caution',
      source: { kind: 'regulation', title: '处方管理办法', section: '第二十三条' }, painSource: { kind: 'regulation', title: '处方管理办法', section: '第二十四条' },
    },
    ppiIndications: { icd10: ['K20-K23', 'K25-K28', 'K29', 'K92.0-K92.2'], keywords: ['反流', '溃疡', '胃炎'], level: 'caution', source: { kind: 'guideline', title: '质子泵抑制剂临床应用指导原则（2020年版）' } },
    antibacterialViralDiagnoses: { icd10: ['J00', 'J06.9', 'J10-J11'], keywords: ['普通感冒', '流行性感冒'], level: 'caution', source: { kind: 'guideline', title: '抗菌药物临床应用指导原则（2015年版）' } },
    prescriptionFormat: { level: 'caution', source: { kind: 'regulation', title: '医院处方点评管理规范（试行）', section: '第十六条' } },
  },
  classes: [
    { id: 'penicillins', nameZh: '青霉素类', atcPrefixes: ['J01C'], allergyTerms: ['青霉素'], crossReactions: [{ classId: 'cephalosporins', level: 'caution', note: '青霉素过敏者对头孢菌素可能交叉过敏', source: label('头孢呋辛酯片说明书', '【注意事项】') }], source: label('中国国家处方集', '青霉素类') },
    { id: 'cephalosporins', nameZh: '头孢菌素类', atcPrefixes: ['J01DB', 'J01DC', 'J01DD', 'J01DE'], allergyTerms: ['头孢', '头孢菌素'], source: label('中国国家处方集', '头孢菌素类') },
    { id: 'nsaids', nameZh: '非甾体抗炎药', allergyTerms: [], duplicate: { level: 'not-recommended', note: '两种 NSAID 合用增加胃肠道出血风险而不增加疗效', source: label('布洛芬缓释胶囊说明书', '【注意事项】') }, source: label('中国国家处方集', 'NSAIDs') },
    { id: 'strong-cyp3a4-inhibitors', nameZh: '强效CYP3A4抑制剂', source: label('辛伐他汀片说明书', '【药物相互作用】') },
  ],
  drugs: [
    { id: 'amoxicillin', nameZh: '阿莫西林', nameEn: 'Amoxicillin', pinyin: 'amxl', atc: ['J01CA04'], antibacterialTier: { tier: 'non-restricted', source: label('抗菌药物分级目录', '非限制使用级') },
      doses: [{ routes: ['oral'], population: 'adult', usualSingle: { value: 0.5, unit: 'g' }, maxDaily: { value: 4, unit: 'g' }, source: label('阿莫西林胶囊说明书', '【用法用量】') },
        { routes: ['oral'], population: 'pediatric', perKg: true, maxDaily: { value: 90, unit: 'mg' }, source: label('阿莫西林胶囊说明书', '【用法用量】') }],
      source: label('阿莫西林胶囊说明书', '') },
    { id: 'cefuroxime', nameZh: '头孢呋辛', nameEn: 'Cefuroxime', aliases: ['头孢呋辛酯'], pinyin: 'tbfx', atc: ['J01DC02'], antibacterialTier: { tier: 'non-restricted', source: label('抗菌药物分级目录', '') }, source: label('头孢呋辛酯片说明书', '') },
    { id: 'meropenem', nameZh: '美罗培南', nameEn: 'Meropenem', pinyin: 'mlpn', atc: ['J01DH02'], antibacterialTier: { tier: 'special', source: label('抗菌药物分级目录', '特殊使用级') }, source: label('注射用美罗培南说明书', '') },
    { id: 'ibuprofen', nameZh: '布洛芬', nameEn: 'Ibuprofen', pinyin: 'blf', atc: ['M01AE01'], classes: ['nsaids'],
      diagnoses: [{ icd10: ['K25-K28'], keywords: ['消化性溃疡'], level: 'contraindicated', note: '活动性消化性溃疡禁用', source: label('布洛芬缓释胶囊说明书', '【禁忌】') }],
      source: label('布洛芬缓释胶囊说明书', '') },
    { id: 'diclofenac', nameZh: '双氯芬酸', nameEn: 'Diclofenac', pinyin: 'slfs', atc: ['M01AB05'], classes: ['nsaids'], source: label('双氯芬酸钠缓释片说明书', '') },
    { id: 'paracetamol', nameZh: '对乙酰氨基酚', nameEn: 'Paracetamol', pinyin: 'dyxajf', atc: ['N02BE01'], doses: [{ routes: ['oral'], population: 'adult', usualSingle: { value: 0.5, unit: 'g' }, maxSingle: { value: 1, unit: 'g' }, maxDaily: { value: 4, unit: 'g' }, source: label('对乙酰氨基酚片说明书', '【用法用量】') }], source: label('对乙酰氨基酚片说明书', '') },
    { id: 'simvastatin', nameZh: '辛伐他汀', nameEn: 'Simvastatin', pinyin: 'xftt', atc: ['C10AA01'], pregnancy: { level: 'contraindicated', note: '妊娠期禁用', source: label('辛伐他汀片说明书', '【孕妇及哺乳期妇女用药】') }, source: label('辛伐他汀片说明书', '') },
    { id: 'itraconazole', nameZh: '伊曲康唑', nameEn: 'Itraconazole', pinyin: 'yqkz', atc: ['J02AC02'], classes: ['strong-cyp3a4-inhibitors'], source: label('伊曲康唑胶囊说明书', '') },
    { id: 'clarithromycin', nameZh: '克拉霉素', nameEn: 'Clarithromycin', pinyin: 'klms', atc: ['J01FA09'], classes: ['strong-cyp3a4-inhibitors'], source: label('克拉霉素片说明书', '') },
    { id: 'metformin', nameZh: '二甲双胍', nameEn: 'Metformin', aliases: ['盐酸二甲双胍'], pinyin: 'ejsg', atc: ['A10BA02'],
      renal: [{ egfrBelow: 45, level: 'caution', note: 'eGFR 30–45 不建议起始，减量', source: label('二甲双胍临床应用专家共识（2018）', '') }, { egfrBelow: 30, level: 'contraindicated', note: 'eGFR<30 禁用', source: label('盐酸二甲双胍片说明书', '【禁忌】') }],
      source: label('盐酸二甲双胍片说明书', '') },
    { id: 'levofloxacin', nameZh: '左氧氟沙星', nameEn: 'Levofloxacin', pinyin: 'zyfsx', atc: ['J01MA12'], ageRules: [{ belowAgeYears: 18, level: 'contraindicated', note: '18岁以下禁用', source: label('左氧氟沙星片说明书', '【禁忌】') }], source: label('左氧氟沙星片说明书', '') },
    { id: 'spironolactone', nameZh: '螺内酯', nameEn: 'Spironolactone', pinyin: 'lnz', atc: ['C03DA01'], labs: [{ lab: 'potassium', op: '>', value: 5.5, unit: 'mmol/L', level: 'contraindicated', note: '高钾血症禁用', source: label('螺内酯片说明书', '【禁忌】') }], source: label('螺内酯片说明书', '') },
    { id: 'potassium-chloride', nameZh: '氯化钾', nameEn: 'Potassium chloride', pinyin: 'lhj', atc: ['B05XA01'], routeRules: [{ route: 'iv-push', level: 'contraindicated', note: '严禁静脉推注', source: label('氯化钾注射液说明书', '【用法用量】') }], highAlert: { note: '高浓度电解质', source: label('中国高警示药品推荐目录（2019版）', '') }, source: label('氯化钾注射液说明书', '') },
    { id: 'omeprazole', nameZh: '奥美拉唑', nameEn: 'Omeprazole', pinyin: 'amlz', atc: ['A02BC01'], ppi: true, source: label('奥美拉唑肠溶胶囊说明书', '') },
    { id: 'morphine', nameZh: '吗啡', nameEn: 'Morphine', aliases: ['盐酸吗啡', '硫酸吗啡'], pinyin: 'mf', atc: ['N02AA01'], controlled: { class: 'narcotic', source: label('麻醉药品品种目录（2013年版）', '') }, source: label('盐酸吗啡片说明书', '') },
    { id: 'diazepam', nameZh: '地西泮', nameEn: 'Diazepam', pinyin: 'dxp', atc: ['N05BA01'], controlled: { class: 'psychotropic-2', source: label('精神药品品种目录（2013年版）', '') }, source: label('地西泮片说明书', '') },
    { id: 'amlodipine', nameZh: '氨氯地平', nameEn: 'Amlodipine', aliases: ['苯磺酸氨氯地平'], pinyin: 'aldp', atc: ['C08CA01'], forms: [{ form: '片', routes: ['oral'], strengths: ['5mg'] }],
      frequencyLimits: [{ routes: ['oral'], maxTimesPerDay: 1, level: 'caution', note: '长效钙通道阻滞剂，每日一次', source: label('苯磺酸氨氯地平片说明书', '【用法用量】') }],
      indications: { icd10: ['I10-I15', 'I20-I25'], keywords: ['高血压', '心绞痛'], level: 'caution', note: '适用于高血压、冠心病心绞痛', source: label('苯磺酸氨氯地平片说明书', '【适应症】') },
      source: label('苯磺酸氨氯地平片说明书', '') },
    { id: 'norfloxacin', nameZh: '诺氟沙星', nameEn: 'Norfloxacin', pinyin: 'nfsx', atc: ['J01MA06'], courseLimit: { maxDays: 14, level: 'caution', note: '疗程一般不超过 14 日', source: label('诺氟沙星胶囊说明书', '【用法用量】') }, source: label('诺氟沙星胶囊说明书', '') },
    { id: 'finasteride', nameZh: '非那雄胺', nameEn: 'Finasteride', pinyin: 'fnxa', atc: ['G04CB01'], sex: { only: 'male', level: 'contraindicated', note: '妇女禁用', source: label('非那雄胺片说明书', '【禁忌】') }, source: label('非那雄胺片说明书', '') },
    { id: 'atorvastatin', nameZh: '阿托伐他汀', nameEn: 'Atorvastatin', aliases: ['阿托伐他汀钙'], pinyin: 'atftt', atc: ['C10AA05'],
      hepatic: { level: 'contraindicated', note: '活动性肝病禁用', source: label('阿托伐他汀钙片说明书', '【禁忌】') },
      lactation: { level: 'contraindicated', note: '哺乳期禁用', source: label('阿托伐他汀钙片说明书', '【孕妇及哺乳期妇女用药】') }, source: label('阿托伐他汀钙片说明书', '') },
    { id: 'celecoxib', nameZh: '塞来昔布', nameEn: 'Celecoxib', pinyin: 'slxb', atc: ['M01AH01'],
      diagnoses: [
        { icd10: ['I50'], keywords: ['心力衰竭'], checkType: 'chronic-disease', level: 'not-recommended', note: '重度心力衰竭患者禁用，心衰患者慎用', source: label('塞来昔布胶囊说明书', '【注意事项】') },
        { icd10: ['K92.2'], keywords: ['消化道出血'], checkType: 'history-contraindication', includeHistory: true, level: 'caution', note: '有消化道出血病史者慎用', source: label('塞来昔布胶囊说明书', '【注意事项】') },
      ], source: label('塞来昔布胶囊说明书', '') },
    { id: 'ceftriaxone', nameZh: '头孢曲松', nameEn: 'Ceftriaxone', aliases: ['头孢曲松钠'], pinyin: 'tbqs', atc: ['J01DD04'], antibacterialTier: { tier: 'restricted', source: label('抗菌药物分级目录', '') }, source: label('注射用头孢曲松钠说明书', '') },
    { id: 'calcium-gluconate', nameZh: '葡萄糖酸钙', nameEn: 'Calcium gluconate', pinyin: 'pttsg', atc: ['A12AA03'], source: label('葡萄糖酸钙注射液说明书', '') },
    { id: 'amiodarone', nameZh: '胺碘酮', nameEn: 'Amiodarone', aliases: ['盐酸胺碘酮'], pinyin: 'adt', atc: ['C01BD01'], source: label('盐酸胺碘酮注射液说明书', '') },
    { id: 'sodium-chloride', nameZh: '氯化钠', nameEn: 'Sodium chloride', pinyin: 'lhn', atc: ['B05XA03'], source: label('氯化钠注射液说明书', '') },
  ],
  interactions: [
    { id: 'simvastatin+strong-cyp3a4', a: { drug: 'simvastatin' }, b: { class: 'strong-cyp3a4-inhibitors' }, level: 'contraindicated', effect: '横纹肌溶解风险显著增加', mechanism: 'CYP3A4 抑制使辛伐他汀暴露量大幅升高', management: '禁止合用；需抗真菌治疗期间暂停辛伐他汀', source: label('辛伐他汀片说明书', '【禁忌】') },
  ],
  incompatibilities: [{ id: 'ceftriaxone+calcium', a: { drug: 'ceftriaxone' }, b: { drug: 'calcium-gluconate' }, level: 'contraindicated', note: '头孢曲松与含钙溶液混合产生头孢曲松钙沉淀', source: label('注射用头孢曲松钠说明书', '【禁忌】') }],
  concentrationLimits: [
    { id: 'amiodarone-peripheral', drug: 'amiodarone', checkType: 'admixture-concentration', maxPercent: 0.2, routes: ['iv'], level: 'caution', note: '外周静脉输注浓度不宜超过 2 mg/ml', source: label('盐酸胺碘酮注射液说明书', '【用法用量】') },
    { id: 'kcl-peripheral', drug: 'potassium-chloride', checkType: 'ion-concentration', maxPercent: 0.3, routes: ['iv'], level: 'not-recommended', note: '外周静脉补钾浓度不宜超过 0.3%', source: label('氯化钾注射液说明书', '【用法用量】') },
  ],
};

export function fixtureKb(): IndexedKb {
  return indexKnowledgeBase(knowledgeBaseSchema.parse(FIXTURE));
}

export function request(partial: Partial<ReviewRequest> & Pick<ReviewRequest, 'orders'>): ReviewRequest {
  return {
    authoredOn: '2026-06-15T09:00:00+08:00',
    patient: { sex: 'male', birthDate: '1980-01-01', weightKg: 70 },
    diagnoses: [{ code: 'J20.9', text: '急性支气管炎', status: 'active' }],
    allergies: [],
    observations: [],
    visitType: 'AMB',
    prescriberTitle: '主治医师',
    institutionLevel: '乡镇卫生院',
    currentMedications: [],
    ...partial,
  };
}

let n = 0;
export function order(text: string, dose?: [number, string], extra: Partial<ReviewRequest['orders'][number]> = {}): ReviewRequest['orders'][number] {
  n += 1;
  return { ref: `MedicationRequest/o${n}`, text, dose: dose ? { value: dose[0], unit: dose[1] } : undefined, frequencyCode: 'tid', route: '口服', days: 3, ...extra };
}
