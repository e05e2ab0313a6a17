import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, type HTMLAttributes } from 'react';
import type { TaskSummary } from '../../../../app/sync/api';
import type { TaskScope } from '../../api/client';
import { Countdown } from '../../shared/countdown';
import { formatPatient, formatTime } from '../../shared/format';
import { LevelTag } from '../../shared/level-tag';
import { StatusTag } from '../../shared/status-tag';
import { useElementSize } from '../../shared/use-element-size';

type RowAttributes = HTMLAttributes<HTMLElement> & Record<`data-${string}`, string>;

const HEADER_HEIGHT = 39;
/** Below this the table scrolls sideways instead of squeezing Chinese text into wraps. */
const MIN_TABLE_WIDTH = 520;

function ellipsis(text: string | null) {
  if (text === null || text === '') return <Typography.Text type="secondary">—</Typography.Text>;
  // A native title, not an antd Tooltip: the virtual table mounts rows on every scroll
  // frame, and six Tooltip wrappers per row cost frames at 10,000 tasks (bench:workstation).
  return (
    <span className="yd-ellipsis" title={text}>
      {text}
    </span>
  );
}

/** Narrow queue (1280 px screens): drop 科室 and 提交时间 so 主要问题 keeps room to be read. */
const COMPACT_BELOW = 720;
const SECONDARY = new Set(['department', 'created', 'decided']);
const NONE: ReadonlySet<string> = new Set();

function columnsFor(scope: TaskScope, compact: boolean, unsynced: ReadonlySet<string>): TableColumnsType<TaskSummary> {
  const columns: TableColumnsType<TaskSummary> = [
    { key: 'level', title: '级别', width: 96, render: (_, t) => <LevelTag level={t.maxLevel} /> },
    scope === 'open'
      ? {
          key: 'deadline', title: '剩余时间', width: 78,
          render: (_, t) => (unsynced.has(t.id) ? <Tag color="processing" data-testid="row-unsynced" style={{ marginInlineEnd: 0 }}>待同步</Tag> : <Countdown deadline={t.deadline} />),
        }
      : { key: 'status', title: '审核结果', width: 112, render: (_, t) => <StatusTag status={t.status} /> },
    { key: 'institution', title: '机构', width: 112, render: (_, t) => ellipsis(t.institutionName) },
    { key: 'department', title: '科室', width: 72, render: (_, t) => ellipsis(t.departmentName) },
    { key: 'doctor', title: '医生', width: 64, render: (_, t) => ellipsis(t.doctorName) },
    { key: 'patient', title: '患者', width: 104, render: (_, t) => ellipsis(formatPatient(t.patientName, t.patientSex, t.patientAge)) },
    { key: 'summary', title: '主要问题', render: (_, t) => ellipsis(t.topSummary) },
    scope === 'open'
      ? { key: 'created', title: '提交时间', width: 78, render: (_, t) => <span className="yd-mono">{formatTime(t.createdAt)}</span> }
      : { key: 'decided', title: '审核时间', width: 78, render: (_, t) => <span className="yd-mono">{formatTime(t.decidedAt)}</span> },
  ];
  return compact ? columns.filter((c) => !SECONDARY.has(String(c.key))) : columns;
}

export function QueueTable(props: {
  scope: TaskScope;
  tasks: readonly TaskSummary[];
  selectedId: string | null;
  loading: boolean;
  onSelect: (taskId: string) => void;
  /** Tasks with a decision still in the outbox. */
  unsynced?: ReadonlySet<string>;
}) {
  const [containerRef, size] = useElementSize<HTMLDivElement>();
  // The virtual table needs pixel numbers; jsdom (tests) measures 0, hence the fallbacks.
  const width = Math.max(MIN_TABLE_WIDTH, Math.floor(size.width) || 800);
  const compact = size.width > 0 && size.width < COMPACT_BELOW;
  const unsynced = props.unsynced ?? NONE;
  const columns = useMemo(() => columnsFor(props.scope, compact, unsynced), [props.scope, compact, unsynced]);
  const height = Math.max(120, Math.floor(size.height - HEADER_HEIGHT) || 400);

  return (
    <div ref={containerRef} className="yd-queue-table" data-testid="queue-table">
      <Table<TaskSummary>
        virtual
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={props.tasks as TaskSummary[]}
        pagination={false}
        loading={props.loading}
        scroll={{ x: width, y: height }}
        locale={{ emptyText: props.scope === 'open' ? '暂无待审处方' : '24 小时内暂无已审处方' }}
        rowClassName={(t) => (t.id === props.selectedId ? 'yd-row yd-row-selected' : 'yd-row')}
        onRow={(t): RowAttributes => ({
          'data-testid': 'task-row',
          'data-task-id': t.id,
          'data-level': t.maxLevel ?? 'none',
          'data-selected': String(t.id === props.selectedId),
          'data-sync': unsynced.has(t.id) ? 'pending' : 'confirmed',
          onClick: () => props.onSelect(t.id),
        })}
      />
    </div>
  );
}
