// Realistic Chinese demo data: names, mobiles, plates and VINs with valid check digits.
import { withVinCheckDigit } from '@servicebay/contracts';

export type Random = () => number;

/** A small seeded PRNG (mulberry32): the same seed gives the same demo network every time. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强文婷雪梅晓东海燕鹏飞子涵一鸣浩然欣怡梓萱宇轩俊杰思远嘉怡雨桐博文佳琪天宇'.split(
    '',
  );
const COMPANY_SUFFIX = ['科技有限公司', '贸易有限公司', '物流有限公司', '建设工程有限公司', '餐饮管理有限公司'];
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '166',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '199',
];
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'.split('');

export function personName(random: Random): { name: string; gender: 'male' | 'female' } {
  const given = random() < 0.55 ? pick(random, GIVEN) + pick(random, GIVEN) : pick(random, GIVEN);
  return { name: pick(random, SURNAMES) + given, gender: random() < 0.62 ? 'male' : 'female' };
}

export function companyName(random: Random, city: string): string {
  return city + pick(random, ['恒通', '华信', '鼎盛', '瑞丰', '金桥', '宏达', '新锐', '天成']) + pick(random, COMPANY_SUFFIX);
}

export function mobile(random: Random): string {
  return pick(random, MOBILE_PREFIXES) + String(Math.floor(random() * 1e8)).padStart(8, '0');
}

/** A plate key (no dot). New-energy cars get the 8-character plate with D (electric) or F (hybrid). */
export function plate(random: Random, prefix: string, newEnergy: 'D' | 'F' | null): string {
  if (newEnergy)
    return (
      prefix + newEnergy + pick(random, [...PLATE_LETTERS, ...'0123456789'.split('')]) + String(between(random, 0, 9999)).padStart(4, '0')
    );
  const body = Array.from({ length: 5 }, (_, i) =>
    i < 2 && random() < 0.3 ? pick(random, PLATE_LETTERS) : String(between(random, 0, 9)),
  ).join('');
  return prefix + body;
}

const YEAR_CODES: Record<number, string> = {
  2018: 'J',
  2019: 'K',
  2020: 'L',
  2021: 'M',
  2022: 'N',
  2023: 'P',
  2024: 'R',
  2025: 'S',
  2026: 'T',
};

/** WMI + model descriptor + check digit + year + plant + serial. */
export function vin(wmi: string, modelDescriptor: string, year: number, serial: number): string {
  return withVinCheckDigit(`${wmi}${modelDescriptor}0${YEAR_CODES[year] ?? 'T'}B${String(serial).padStart(6, '0')}`);
}
