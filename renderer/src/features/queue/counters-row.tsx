import type { Counters } from '../../../../app/sync/api';

const COUNTERS: ReadonlyArray<{ key: keyof Counters; label: string; testId: string; color: string }> = [
  { key: 'pending', label: '待审任务', testId: 'counter-pending', color: '#1677ff' },
  { key: 'reviewed', label: '已审处方', testId: 'counter-reviewed', color: '#389e0d' },
  { key: 'rejected', label: '驳回', testId: 'counter-rejected', color: '#cf1322' },
  { key: 'doubleSigned', label: '双签', testId: 'counter-double-signed', color: '#722ed1' },
];

/** Workbench counters (seed 002 §3.6.3.1): 待审任务数, 已审处方数, 驳回审方数, 双签审方数. */
export function CountersRow(props: { counters: Counters | null }) {
  return (
    <div className="yd-counters">
      {COUNTERS.map((c) => (
        <div key={c.key} className="yd-counter" data-testid={c.testId}>
          <span className="yd-counter-label">{c.label}</span>
          <span className="yd-counter-value" style={{ color: c.color }} data-testid={`${c.testId}-value`}>
            {props.counters === null ? '–' : props.counters[c.key]}
          </span>
        </div>
      ))}
    </div>
  );
}
