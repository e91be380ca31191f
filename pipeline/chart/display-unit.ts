import type { Bilingual, Lang } from '../../schemas/common.js';

/** The unit an amount is written in, and what a value in the codebook's unit is multiplied by to get there. */
export interface DisplayUnit {
  /** multiply a value in the codebook's unit by this */
  factor: number;
  /** the unit as the report writes it ("million yuan", "万元"), or null when the variable has none */
  unit: string | null;
}

/** How many yuan one codebook unit of money is, recognised from either language's label; null for other units. */
function yuanPerUnit(unit: Bilingual): number | null {
  const zh = unit.zh.trim();
  const en = unit.en.trim().toLowerCase().replace(/\s+/g, ' ');
  if (zh === '元' || en === 'yuan' || en === 'rmb') return 1;
  if (zh === '千元' || /^(1,?000|thousand) yuan$/.test(en)) return 1e3;
  if (zh === '万元' || /^10,?000 yuan$/.test(en)) return 1e4;
  if (zh === '百万元' || en === 'million yuan') return 1e6;
  if (zh === '亿元' || /^100 million yuan$/.test(en)) return 1e8;
  return null;
}

/** Money in yuan, each language's usual steps, largest first: Chinese counts in 万 and 亿, English in millions and billions. */
const moneySteps: Record<Lang, { yuan: number; unit: string }[]> = {
  zh: [
    { yuan: 1e8, unit: '亿元' },
    { yuan: 1e4, unit: '万元' },
    { yuan: 1, unit: '元' },
  ],
  en: [
    { yuan: 1e9, unit: 'billion yuan' },
    { yuan: 1e6, unit: 'million yuan' },
    { yuan: 1, unit: 'yuan' },
  ],
};

/**
 * The unit a report writes an amount of `unit` in, chosen from `magnitude` (a typical value in the codebook's
 * unit, such as the provincial median): money in the language's own steps, so 1,560 万元 reads "1,560万元" in
 * Chinese and "15.6 million yuan" in English rather than "1,560 10,000 yuan". A step is used from one of it
 * upwards (in English, from a tenth of a million: "0.5 million yuan"); other units are kept as the codebook
 * gives them. One choice for a whole chart or table: pass the largest value it shows.
 */
export function displayUnit(unit: Bilingual | undefined, lang: Lang, magnitude: number): DisplayUnit {
  if (unit === undefined) return { factor: 1, unit: null };
  const perUnit = yuanPerUnit(unit);
  if (perUnit === null) return { factor: 1, unit: unit[lang] };
  const yuan = Math.abs(magnitude) * perUnit;
  const steps = moneySteps[lang];
  // English readers take "0.5 million yuan" more easily than "500,000 yuan"
  const reach = lang === 'en' ? 0.1 : 1;
  const step = steps.find((s) => yuan >= s.yuan * reach) ?? { yuan: 1, unit: lang === 'zh' ? '元' : 'yuan' };
  return { factor: perUnit / step.yuan, unit: step.unit };
}
