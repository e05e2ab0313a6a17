import { CheckOutlined, WarningOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ConflictRow } from '../../offline/db';
import { useSync } from '../../offline/sync-provider';
import { formatDateTime } from '../../shared/format';
import { DECISION_ZH, describeConflict } from './describe-conflict';

const CAUSE_COLOR = { 'other-pharmacist': 'blue', 'auto-pass': 'orange', 'doctor-changed': 'purple', leased: 'default', refused: 'red' } as const;

function ConflictCard(props: { row: ConflictRow; onAcknowledge: () => void }) {
  const { row } = props;
  const view = describeConflict(row);
  return (
    <div className="yd-doctor-item" data-testid="conflict-item" data-command-id={row.commandId} data-cause={view.cause}>
      <div className="yd-doctor-head">
        <Typography.Text strong>处方 {row.prescriptionNo}</Typography.Text>
        {row.patientName !== null ? <span>{row.patientName}</span> : null}
        <Tag color={CAUSE_COLOR[view.cause]}>{view.causeZh}</Tag>
      </div>
      <dl className="yd-conflict-grid">
        <dt>我的决定</dt>
        <dd data-testid="conflict-mine">
          {DECISION_ZH[row.command.decision]}
          {row.command.reason ? `：${row.command.reason}` : ''}
          <Typography.Text type="secondary">（{formatDateTime(row.decidedAt)} 本机）</Typography.Text>
        </dd>
        <dt>平台结果</dt>
        <dd data-testid="conflict-server">{view.server}</dd>
        <dt>同步时间</dt>
        <dd>{formatDateTime(row.resolvedAt)}</dd>
        <dt>处理建议</dt>
        <dd>{view.advice}</dd>
      </dl>
      <div className="yd-doctor-actions">
        <Button size="small" type="primary" icon={<CheckOutlined />} onClick={props.onAcknowledge} data-testid="conflict-ack">
          已知悉
        </Button>
      </div>
    </div>
  );
}

/** The list itself: every lost decision stays here until a person acknowledges it. */
export function ConflictsList() {
  const { conflicts, acknowledge } = useSync();
  if (conflicts.length === 0) return <Empty description="没有待确认的冲突" />;
  return (
    <div data-testid="conflicts-list">
      {conflicts.map((row) => (
        <ConflictCard key={row.commandId} row={row} onAcknowledge={() => void acknowledge(row.commandId)} />
      ))}
    </div>
  );
}

/** Header entry: 冲突 N, opening the inbox. */
export function ConflictsButton() {
  const { conflicts } = useSync();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Badge count={conflicts.length} size="small" offset={[-4, 2]}>
        <Button type="text" size="small" icon={<WarningOutlined />} className="yd-conflicts-btn" onClick={() => setOpen(true)} data-testid="conflicts-open" data-count={conflicts.length}>
          冲突
        </Button>
      </Badge>
      <Drawer title={`同步冲突（${conflicts.length}）`} open={open} onClose={() => setOpen(false)} size={520} data-testid="conflicts-drawer">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          离线期间的决定在同步时未能生效（其他药师已审核、超时自动通过、医生已修改处方等）。请逐条确认；确认前会一直保留在这里。
        </Typography.Paragraph>
        <ConflictsList />
      </Drawer>
    </>
  );
}
