import { describe, expect, it } from 'vitest';
import enActivities from './en.activities.json';
import enClub from './en.club.json';
import enCustomerValue from './en.customerValue.json';
import enCore from './en.json';
import enLoaners from './en.loaners.json';
import enPickup from './en.pickup.json';
import enProcessChecks from './en.processChecks.json';
import enRescue from './en.rescue.json';
import enScorecards from './en.scorecards.json';
import enValueAdded from './en.valueAdded.json';
import enWarranty from './en.warranty.json';
import zhActivities from './zh-CN.activities.json';
import zhClub from './zh-CN.club.json';
import zhCustomerValue from './zh-CN.customerValue.json';
import zhCore from './zh-CN.json';
import zhLoaners from './zh-CN.loaners.json';
import zhPickup from './zh-CN.pickup.json';
import zhProcessChecks from './zh-CN.processChecks.json';
import zhRescue from './zh-CN.rescue.json';
import zhScorecards from './zh-CN.scorecards.json';
import zhValueAdded from './zh-CN.valueAdded.json';
import zhWarranty from './zh-CN.warranty.json';

// The core and each module's texts, as the app merges them.
const zhCN = {
  ...zhCore,
  ...zhWarranty,
  ...zhCustomerValue,
  ...zhProcessChecks,
  ...zhScorecards,
  ...zhLoaners,
  ...zhRescue,
  ...zhPickup,
  ...zhClub,
  ...zhValueAdded,
  ...zhActivities,
};
const en = {
  ...enCore,
  ...enWarranty,
  ...enCustomerValue,
  ...enProcessChecks,
  ...enScorecards,
  ...enLoaners,
  ...enRescue,
  ...enPickup,
  ...enClub,
  ...enValueAdded,
  ...enActivities,
};
const modules = [
  [zhWarranty, enWarranty],
  [zhCustomerValue, enCustomerValue],
  [zhProcessChecks, enProcessChecks],
  [zhScorecards, enScorecards],
  [zhLoaners, enLoaners],
  [zhRescue, enRescue],
  [zhPickup, enPickup],
  [zhClub, enClub],
  [zhValueAdded, enValueAdded],
  [zhActivities, enActivities],
] as const;

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const zh = flatten(zhCN);
  const english = flatten(en);

  it('keep each module’s texts under its own key, apart from the core', () => {
    for (const [zh, english] of modules) {
      for (const key of Object.keys(zh)) expect(Object.keys(zhCore)).not.toContain(key);
      expect(Object.keys(english)).toEqual(Object.keys(zh));
    }
  });

  it('have the same keys in both languages', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('have no empty texts', () => {
    for (const [key, text] of [...zh, ...english]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same {{variables}} in both languages', () => {
    for (const [key, text] of zh) expect(variables(english.get(key) ?? ''), key).toEqual(variables(text));
  });
});
