/**
 * 给药途径 / 剂型: the route does not suit the dosage form — an oral solid given by injection,
 * or a route none of the drug's forms allows. Unknown routes are an info finding.
 */
import type { Finding } from '../../domain/finding';
import { isIvPush, isParenteral } from '../normalize/route';
import { finding, nameOf, type CheckContext } from '../context';
import type { Check } from './check';

const SOURCE = { kind: 'regulation', title: '医疗机构处方审核规范（国卫办医发〔2018〕14号）', section: '第十五条（三）剂量、用法和疗程是否正确；（四）选用剂型与给药途径是否适宜' } as const;
const ORAL_SOLID = /(片|胶囊|颗粒|丸|散|口服液|糖浆|干混悬剂)(?!.*注射)/;
const ROUTE_ZH: Record<string, string> = { oral: '口服', iv: '静脉', im: '肌内注射', sc: '皮下注射', inhaled: '吸入', sublingual: '舌下', topical: '外用', rectal: '直肠', ophthalmic: '滴眼', nasal: '鼻用', vaginal: '阴道', intrathecal: '鞘内', other: '其他' };

export const routeCheck: Check = {
  id: 'route',
  types: ['route'],
  doc: '给药途径与剂型不适宜（口服固体制剂注射给药、药品各剂型均不支持的途径）；无法识别的途径给出提示。',
  run: (ctx: CheckContext) => {
    const out: Finding[] = [];
    for (const o of ctx.orders) {
      const text = o.input.text ?? '';
      if (o.input.route && o.route === null) {
        out.push(finding({ checkType: 'route', level: 'info', ruleId: 'route:unknown', orders: [o], summary: `${nameOf(o)}：无法识别的给药途径“${o.input.route}”`, what: `给药途径“${o.input.route}”无法识别，未做途径相关审核。`, why: '给药途径应使用规范名称。', action: '请使用规范的给药途径（口服、静脉滴注、肌内注射……）。', sources: [SOURCE] }));
        continue;
      }
      if (o.route === null) continue;
      if (ORAL_SOLID.test(text) && !/注射|针/.test(text) && isParenteral(o.route)) {
        out.push(finding({
          checkType: 'route', level: 'contraindicated', ruleId: 'route:oral-form-parenteral', orders: [o],
          summary: `${nameOf(o)}为口服剂型，不能${ROUTE_ZH[o.route]}给药`, what: `${o.label} 的给药途径为“${o.input.route}”。`,
          why: '口服固体制剂不可用于注射。', action: '请更正给药途径或改用注射剂型。', sources: [SOURCE],
        }));
        continue;
      }
      // Only the forms the HIS text names: a knowledge base listing just the tablet must not
      // flag the injection of the same drug.
      const push = isIvPush(o.input.route);
      const rule = o.drug?.routeRules.find((r) => r.route === o.route || (r.route === 'iv-push' && push));
      if (rule) {
        out.push(finding({
          checkType: 'route', level: rule.level, ruleId: `route:${o.drug!.id}:${rule.route}`, orders: [o],
          summary: `${nameOf(o)}不可${push && rule.route === 'iv-push' ? '静脉推注' : ROUTE_ZH[o.route]}`, what: `${o.label} 的给药途径为“${o.input.route}”。`,
          why: rule.note, action: '请更正给药途径。', sources: [rule.source],
        }));
        continue;
      }
      // An injection taken by mouth or applied to the skin is rarely intended.
      if (/注射/.test(text) && (o.route === 'oral' || o.route === 'topical')) {
        out.push(finding({
          checkType: 'route', level: 'caution', ruleId: 'route:injection-non-parenteral', orders: [o],
          summary: `${nameOf(o)}为注射剂，给药途径为${ROUTE_ZH[o.route]}`, what: `${o.label} 以“${o.input.route}”给药。`,
          why: '注射剂的给药途径应与说明书一致；非常规途径须有明确理由。', action: '请核对给药途径。', sources: [SOURCE],
        }));
        continue;
      }
      const forms = (o.drug?.forms ?? []).filter((f) => text.includes(f.form));
      if (forms.length === 0) continue;
      const allowed = new Set(forms.flatMap((f) => f.routes));
      if (!allowed.has(o.route)) {
        out.push(finding({
          checkType: 'route', level: 'caution', ruleId: `route:${o.drug!.id}:${o.route}`, orders: [o],
          summary: `${nameOf(o)}${forms[0]!.form}不适用于${ROUTE_ZH[o.route]}给药`, what: `${o.label} 以“${o.input.route}”给药；该剂型的给药途径为：${[...allowed].map((r) => ROUTE_ZH[r]).join('、')}。`,
          why: '给药途径应与剂型和说明书一致。', action: '请核对给药途径。', sources: [SOURCE, o.drug!.source],
        }));
      }
    }
    return out;
  },
};
