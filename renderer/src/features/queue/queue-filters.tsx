import { Select } from 'antd';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CHECK_TYPES } from '../../../../app/domain/check-types';
import type { TaskSummary } from '../../../../app/sync/api';
import { useUiStore, type QueueFilters } from '../../shared/ui-store';

function distinct(values: Iterable<string | null>): string[] {
  const set = new Set<string>();
  for (const v of values) if (v !== null && v !== '') set.add(v);
  return [...set].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

/** Drug names as prescribed ("阿莫西林胶囊 0.25g") grouped by their 通用名 part. */
function drugName(text: string): string {
  return text.split(/\s+/)[0] ?? text;
}

/**
 * 机构 / 科室 / 审核类型 / 药品 over the tasks in memory: one pass over the list (10,000 tasks
 * take a few ms), so filtering stays instant and works offline from the local snapshot.
 */
export function QueueFiltersBar(props: { tasks: readonly TaskSummary[] }) {
  const { filters, setFilter } = useUiStore(useShallow((s) => ({ filters: s.filters, setFilter: s.setFilter })));
  const options = useMemo(() => {
    const t = props.tasks;
    return {
      institution: distinct(t.map((x) => x.institutionName)),
      department: distinct(t.map((x) => x.departmentName)),
      checkType: distinct(t.flatMap((x) => x.checkTypes)),
      drug: distinct(t.flatMap((x) => x.drugs.map(drugName))),
    };
  }, [props.tasks]);

  const select = (key: keyof QueueFilters, placeholder: string, width: number, label: (v: string) => string = (v) => v) => (
    <Select<string>
      size="small"
      allowClear
      showSearch
      placeholder={placeholder}
      style={{ width }}
      value={filters[key] ?? undefined}
      onChange={(value) => setFilter(key, value ?? null)}
      options={options[key].map((v) => ({ value: v, label: label(v) }))}
      optionFilterProp="label"
      popupMatchSelectWidth={false}
      aria-label={placeholder}
      data-testid={`filter-${key}`}
    />
  );

  return (
    <div className="yd-toolbar yd-filters" data-testid="queue-filters">
      {select('institution', '机构', 128)}
      {select('department', '科室', 88)}
      {select('checkType', '审核类型', 112, (v) => (v in CHECK_TYPES ? CHECK_TYPES[v as keyof typeof CHECK_TYPES].zh : v))}
      {select('drug', '药品', 120)}
    </div>
  );
}
