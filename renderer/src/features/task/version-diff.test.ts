import { describe, expect, it } from 'vitest';
import type { PrescriptionItem } from '../../../../app/sync/api';
import { diffItems, hasChanges } from './version-diff';

const item = (name: string, over: Partial<PrescriptionItem> = {}): PrescriptionItem => ({ ref: `item/${name}`, name, dose: '1片', frequency: 'tid', route: '口服', days: 3, quantity: null, group: null, ...over });

describe('diffItems', () => {
  it('finds added, removed and dose-changed items', () => {
    const v1 = [item('阿莫西林胶囊 0.25g', { dose: '0.5g' }), item('蒙脱石散 3g'), item('氯雷他定片 10mg')];
    const v2 = [item('阿莫西林胶囊 0.25g', { dose: '0.25g', ref: 'item/9' }), item('氯雷他定片 10mg'), item('布洛芬缓释胶囊 0.3g')];
    const d = diffItems(v1, v2);
    expect(d.find((c) => c.kind === 'changed')).toMatchObject({ before: { name: '阿莫西林胶囊 0.25g' }, fields: [{ field: 'dose', from: '0.5g', to: '0.25g' }] });
    expect(d.filter((c) => c.kind === 'added').map((c) => c.kind === 'added' && c.item.name)).toEqual(['布洛芬缓释胶囊 0.3g']);
    expect(d.filter((c) => c.kind === 'removed').map((c) => c.kind === 'removed' && c.item.name)).toEqual(['蒙脱石散 3g']);
    expect(d.filter((c) => c.kind === 'unchanged')).toHaveLength(1);
    expect(hasChanges(d)).toBe(true);
  });

  it('ignores whitespace and reports several changed fields; identical versions have no changes', () => {
    const d = diffItems([item('A', { dose: '0.5 g', days: 7 })], [item('A', { dose: '0.5g', days: 5, frequency: 'bid' })]);
    expect(d[0]).toMatchObject({ kind: 'changed', fields: [{ field: 'frequency', from: 'tid', to: 'bid' }, { field: 'days', from: '7', to: '5' }] });
    expect(hasChanges(diffItems([item('A')], [item('A')]))).toBe(false);
  });

  it('matches repeated drugs in order', () => {
    const d = diffItems([item('A', { group: '1' }), item('A', { group: '2' })], [item('A', { group: '1' })]);
    expect(d.map((c) => c.kind)).toEqual(['unchanged', 'removed']);
  });
});
