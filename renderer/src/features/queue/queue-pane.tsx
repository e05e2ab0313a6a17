import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Segmented, Select, Tooltip } from 'antd';
import { useShallow } from 'zustand/react/shallow';
import { LEVEL_ZH, type Level } from '../../../../app/domain/levels';
import { describeFailure, failureOf, type TaskScope } from '../../api/client';
import { useUiStore } from '../../shared/ui-store';
import { useVisibleTasks } from '../../shared/visible-tasks';
import { CountersRow } from './counters-row';
import { QueueFiltersBar } from './queue-filters';
import { QueueTable } from './queue-table';
import { useSync } from '../../offline/sync-provider';
import { useMemo } from 'react';

const LEVEL_FILTERS: ReadonlyArray<{ value: Level | 'all'; label: string }> = [
  { value: 'all', label: '全部级别' },
  { value: 'caution', label: `${LEVEL_ZH.caution}及以上` },
  { value: 'not-recommended', label: `${LEVEL_ZH['not-recommended']}及以上` },
  { value: 'contraindicated', label: `仅${LEVEL_ZH.contraindicated}` },
];

export function QueuePane() {
  const { tasks, all, counters, openCount, isLoading, error, refetch, scope } = useVisibleTasks();
  const { outbox } = useSync();
  // Decided here but not yet confirmed by the platform: the row says 待同步.
  const unsynced = useMemo(() => new Set(outbox.map((r) => r.command.taskId)), [outbox]);
  const ui = useUiStore(
    useShallow((s) => ({
      selectedTaskId: s.selectedTaskId,
      minLevel: s.minLevel,
      keyword: s.keyword,
      selectTask: s.selectTask,
      setScope: s.setScope,
      setMinLevel: s.setMinLevel,
      setKeyword: s.setKeyword,
    })),
  );
  const failure = failureOf(error);

  return (
    <div className="yd-pane yd-queue">
      <CountersRow counters={counters} />
      <div className="yd-toolbar">
        <Segmented<TaskScope>
          size="small"
          value={scope}
          onChange={(value) => ui.setScope(value)}
          options={[
            { value: 'open', label: <span data-testid="scope-open">待审{openCount === null ? '' : ` ${openCount}`}</span> },
            { value: 'done', label: <span data-testid="scope-done">已审（24小时）</span> },
          ]}
        />
        <Select<Level | 'all'>
          size="small"
          style={{ width: 128 }}
          value={ui.minLevel ?? 'all'}
          onChange={(value) => ui.setMinLevel(value === 'all' ? null : value)}
          options={LEVEL_FILTERS.map((f) => ({ value: f.value, label: f.label }))}
          aria-label="级别筛选"
        />
        <Input
          size="small"
          allowClear
          prefix={<SearchOutlined />}
          placeholder="处方号 / 患者 / 医生 / 机构"
          value={ui.keyword}
          onChange={(e) => ui.setKeyword(e.target.value)}
          style={{ flex: '1 1 160px', minWidth: 120, maxWidth: 260 }}
        />
        <Tooltip title="刷新">
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label="刷新" />
        </Tooltip>
      </div>
      <QueueFiltersBar tasks={all} />
      {failure !== null ? (
        <Alert type="error" showIcon banner title={`任务列表加载失败：${describeFailure(failure)}`} style={{ marginBottom: 8 }} />
      ) : null}
      <QueueTable scope={scope} tasks={tasks} selectedId={ui.selectedTaskId} loading={isLoading} onSelect={ui.selectTask} unsynced={unsynced} />
    </div>
  );
}
