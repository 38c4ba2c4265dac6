import { describe, expect, it } from 'vitest';
import { chooseReadTarget, lsnValue } from './read-routing.js';

const MB = 1024 * 1024;
const route = (input: Partial<Parameters<typeof chooseReadTarget>[0]>) =>
  chooseReadTarget({ replayLsn: '0/5000000', primaryLsn: '0/5000000', personLsn: null, maxLagBytes: 16 * MB, ...input });

describe('read routing', () => {
  it('reads WAL positions as numbers, the high half before the slash', () => {
    expect(lsnValue('0/0')).toBe(0n);
    expect(lsnValue('0/16B3748')).toBe(0x16b3748n);
    expect(lsnValue('1/0')).toBe(2n ** 32n);
    expect(lsnValue('16/B374D848')! > lsnValue('15/FFFFFFFF')!).toBe(true);
    expect(lsnValue('0/A')! > lsnValue('0/9')!).toBe(true); // not compared as text
    expect(lsnValue(null)).toBeNull();
    expect(lsnValue('not a position')).toBeNull();
  });

  it('sends a report to a replica that has caught up', () => {
    expect(route({})).toBe('replica');
    expect(route({ primaryLsn: null })).toBe('replica'); // the primary's position is only needed for the lag bound
  });

  it('keeps a person on the primary until the replica has replayed their last write', () => {
    expect(route({ replayLsn: '0/5000000', personLsn: '0/5000001' })).toBe('primary');
    expect(route({ replayLsn: '0/5000001', personLsn: '0/5000001' })).toBe('replica');
    expect(route({ replayLsn: '1/0', personLsn: '0/FFFFFFFF' })).toBe('replica');
    expect(route({ personLsn: 'garbage' })).toBe('primary');
  });

  it('falls back to the primary when the replica is unreachable or trails by more than the bound', () => {
    expect(route({ replayLsn: null })).toBe('primary');
    expect(route({ replayLsn: '0/0', primaryLsn: '0/1000000' })).toBe('replica'); // 16 MB behind: at the bound
    expect(route({ replayLsn: '0/0', primaryLsn: '0/1000001' })).toBe('primary');
    expect(route({ replayLsn: '0/0', primaryLsn: '0/1000001', maxLagBytes: 32 * MB })).toBe('replica');
  });
});
