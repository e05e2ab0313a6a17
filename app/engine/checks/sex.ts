/** 性别用药: a drug for one sex prescribed to the other. */
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

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
