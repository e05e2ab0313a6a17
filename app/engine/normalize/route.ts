/** Routes: Chinese names and the abbreviations township HIS systems use, to one route class. */
import type { RouteClass } from '../../knowledge/schema';

const ROUTES: ReadonlyArray<readonly [RegExp, RouteClass]> = [
  [/^(口服|po|p\.o\.?|oral|嚼服|吞服|冲服|含服)$/i, 'oral'],
  [/^(舌下含服|舌下|sl)$/i, 'sublingual'],
  [/^(静脉滴注|静滴|ivgtt|ivdrip|iv\s*gtt|静脉输液|静脉点滴|静脉泵入|微量泵入|泵入)$/i, 'iv'],
  [/^(静脉注射|静注|静推|静脉推注|推注|iv|i\.v\.?|静脉)$/i, 'iv'],
  [/^(肌内注射|肌肉注射|肌注|im|i\.m\.?)$/i, 'im'],
  [/^(皮下注射|皮下|ih|sc|s\.c\.?|h)$/i, 'sc'],
  [/^(吸入|雾化吸入|雾化|inh|气雾吸入)$/i, 'inhaled'],
  [/^(外用|涂抹|局部外用|外敷|皮肤外用|topical)$/i, 'topical'],
  [/^(直肠给药|塞肛|纳肛|pr|灌肠)$/i, 'rectal'],
  [/^(滴眼|眼用|点眼|外用滴眼)$/i, 'ophthalmic'],
  [/^(滴鼻|鼻用|喷鼻)$/i, 'nasal'],
  [/^(阴道给药|阴道用|塞阴)$/i, 'vaginal'],
  [/^(鞘内注射|鞘内)$/i, 'intrathecal'],
];

export function normalizeRoute(text: string | undefined): RouteClass | null {
  if (!text) return null;
  const t = text.trim();
  for (const [re, cls] of ROUTES) if (re.test(t)) return cls;
  return null;
}

/** The form's route class from the drug text, used when the order gives no route. */
export function routeFromText(text: string | undefined): RouteClass | null {
  if (!text) return null;
  if (/注射|针|输液/.test(text)) return null; // iv, im or sc: the form alone does not tell
  if (/(片|胶囊|颗粒|口服液|口服溶液|糖浆|散|丸|混悬液|干混悬剂|滴剂)/.test(text)) return 'oral';
  if (/(滴眼液|眼膏)/.test(text)) return 'ophthalmic';
  if (/(栓)/.test(text)) return 'rectal';
  if (/(乳膏|软膏|凝胶|贴)/.test(text)) return 'topical';
  if (/(气雾剂|吸入)/.test(text)) return 'inhaled';
  return null;
}

export function isInjectionText(text: string | undefined): boolean {
  return !!text && /(注射|针剂|输液)/.test(text);
}

export function isParenteral(route: RouteClass | null): boolean {
  return route === 'iv' || route === 'im' || route === 'sc' || route === 'intrathecal';
}

/** An intravenous push (静脉注射/静推/iv) as opposed to an infusion (静脉滴注/ivgtt). */
export function isIvPush(text: string | undefined): boolean {
  return !!text && /^(静脉注射|静注|静推|静脉推注|推注|iv|i\.v\.?)$/i.test(text.trim());
}
