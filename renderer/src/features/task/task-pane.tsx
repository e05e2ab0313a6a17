import { CheckOutlined, CloseOutlined, DownOutlined, EditOutlined, LockOutlined, UpOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Result, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { DecisionKind, TaskDetail } from '../../../../app/sync/api';
import { describeFailure, failureOf } from '../../api/client';
import { useApiClient } from '../../api/session';
import { useSync } from '../../offline/sync-provider';
import { missingOverrides, OverridePanel, overridesToSend, type OverrideDraft } from './override-panel';
import { useTaskDetail } from '../../api/task-queries';
import { Countdown } from '../../shared/countdown';
import { formatTime } from '../../shared/format';
import { Kbd } from '../../shared/kbd';
import { StatusTag } from '../../shared/status-tag';
import { neighbourId } from '../../shared/task-order';
import { useUiStore } from '../../shared/ui-store';
import { useVisibleTasks } from '../../shared/visible-tasks';
import type { OutcomeView } from './outcome';
import { RejectModal, type RejectKind } from './reject-modal';
import { TaskDetailBody } from './task-detail';
import { useDecision, type DecisionInput } from './use-decision';
import { useLease, type LeaseView } from './use-lease';
import { useShortcuts } from './use-shortcuts';

function OutcomeAlerts(props: { latest: OutcomeView | null; older: readonly OutcomeView[]; onClose: (id: string) => void }) {
  if (props.latest === null && props.older.length === 0) return null;
  return (
    <div className="yd-outcomes">
      {props.latest !== null ? (
        <Alert
          key={props.latest.id}
          type={props.latest.type}
          showIcon
          title={props.latest.title}
          description={props.latest.description}
          closable={{ onClose: () => props.onClose(props.latest?.id ?? '') }}
          data-testid="decision-outcome"
          data-outcome={props.latest.outcome}
          role={props.latest.outcome === 'accepted' ? 'status' : 'alert'}
        />
      ) : null}
      {props.older.map((o) => (
        <Alert key={o.id} type={o.type} showIcon title={o.title} description={o.description} closable={{ onClose: () => props.onClose(o.id) }} />
      ))}
    </div>
  );
}

function LeaseNotice(props: { lease: LeaseView }) {
  const { lease } = props;
  if (lease.kind === 'other') {
    return (
      <Alert
        type="warning"
        showIcon
        icon={<LockOutlined />}
        title={`该处方正由 ${lease.leasedBy} 审核`}
        description={`锁定至 ${formatTime(lease.until)}，期间不能提交审核结果`}
        data-testid="lease-warning"
      />
    );
  }
  if (lease.kind === 'error') {
    return <Alert type="info" showIcon title={`未能锁定处方（${lease.message}），提交时由平台校验`} />;
  }
  return null;
}

function DecisionBar(props: {
  enabled: boolean;
  pending: DecisionKind | null;
  onDecide: (kind: DecisionKind) => void;
  onNext: () => void;
  onPrevious: () => void;
  hint: string | null;
}) {
  return (
    <div className="yd-decision-bar">
      <div className="yd-decision-actions">
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={!props.enabled}
          loading={props.pending === 'approve'}
          onClick={() => props.onDecide('approve')}
          data-testid="decision-approve"
          className="yd-approve"
        >
          通过 <Kbd>A</Kbd>
        </Button>
        <Button danger icon={<CloseOutlined />} disabled={!props.enabled} onClick={() => props.onDecide('reject')} data-testid="decision-reject">
          驳回 <Kbd>R</Kbd>
        </Button>
        <Button
          icon={<EditOutlined />}
          disabled={!props.enabled}
          onClick={() => props.onDecide('reject-allow-double-sign')}
          data-testid="decision-reject-double-sign"
          className="yd-double-sign"
        >
          驳回可双签 <Kbd>D</Kbd>
        </Button>
        {props.hint !== null ? <Typography.Text type="secondary" className="yd-decision-hint">{props.hint}</Typography.Text> : null}
      </div>
      <div className="yd-decision-nav">
        <Tooltip title="上一条（K / ↑）">
          <Button icon={<UpOutlined />} onClick={props.onPrevious} aria-label="上一条" />
        </Tooltip>
        <Tooltip title="下一条（J / ↓）">
          <Button icon={<DownOutlined />} onClick={props.onNext} aria-label="下一条" />
        </Tooltip>
      </div>
    </div>
  );
}

function TaskHeader(props: { detail: TaskDetail; lease: LeaseView }) {
  const { task } = props.detail;
  return (
    <div className="yd-task-header">
      <div className="yd-task-title">
        <Typography.Text strong style={{ fontSize: 16 }}>
          处方 {task.prescriptionNo}
        </Typography.Text>
        <span className="yd-version">第{task.version}版</span>
        <StatusTag status={task.status} testId="task-status" />
        {task.secondReview ? (
          // 多级审核 (review plan): approval needs two different pharmacists.
          <Tag color="geekblue" data-testid="task-second-review" style={{ marginInlineEnd: 0 }}>
            {task.secondReview.firstReviewer ? `待复核 · 初审 ${task.secondReview.firstReviewer}` : '需双人审核'}
          </Tag>
        ) : null}
        {props.lease.kind === 'held' ? (
          <Tooltip title={`已锁定，至 ${formatTime(props.lease.until)}`}>
            <LockOutlined style={{ color: '#52c41a' }} aria-label="已锁定" />
          </Tooltip>
        ) : null}
      </div>
      {task.status === 'pending' ? (
        <div className="yd-task-countdown">
          <Typography.Text type="secondary">距自动通过</Typography.Text> <Countdown deadline={task.deadline} />
        </div>
      ) : task.decidedAt !== null ? (
        <Typography.Text type="secondary">审核于 {formatTime(task.decidedAt)}</Typography.Text>
      ) : null}
    </div>
  );
}

export function TaskPane() {
  const { message } = App.useApp();
  const selectedId = useUiStore((s) => s.selectedTaskId);
  const selectTask = useUiStore((s) => s.selectTask);
  const { tasks } = useVisibleTasks();
  const detailQuery = useTaskDetail(selectedId);
  // Keep showing the task that is open while a newer fetch for another id is in flight.
  const detail = detailQuery.data !== undefined && detailQuery.data.task.id === selectedId ? detailQuery.data : null;
  const isPending = detail?.task.status === 'pending';
  const lease = useLease(detail?.task.id ?? null, isPending);
  const decision = useDecision();
  const [rejectKind, setRejectKind] = useState<RejectKind | null>(null);
  const [outcomes, setOutcomes] = useState<OutcomeView[]>([]);
  const client = useApiClient();
  // Override reasons per finding, per task (a draft survives moving to another task and back).
  const [overrideDrafts, setOverrideDrafts] = useState<Readonly<Record<string, OverrideDraft>>>({});
  const overrideDraft = detail !== null ? (overrideDrafts[detail.task.id] ?? {}) : {};
  const missing = detail !== null && isPending ? missingOverrides(detail.findings, overrideDraft) : 0;

  const ids = tasks.map((t) => t.id);
  // A decision waiting in the outbox (made offline) is this workstation's answer already:
  // deciding again would send a second, conflicting command.
  const { outbox } = useSync();
  const queued = detail !== null && outbox.some((r) => r.command.taskId === detail.task.id);
  const canDecide = detail !== null && isPending && !queued && lease.kind !== 'other' && lease.kind !== 'acquiring' && !decision.isPending;
  const hint =
    detail === null
      ? null
      : queued
        ? '本机的审核决定待同步，恢复连接后自动提交'
      : !isPending
        ? '该处方已不在待审状态'
        : lease.kind === 'acquiring'
          ? '正在锁定处方…'
          : missing > 0
            ? `${missing} 条慎用及以上问题未填写越权理由`
            : null;

  const move = (step: 1 | -1) => {
    const id = neighbourId(ids, selectedId, step);
    if (id !== null) selectTask(id);
  };

  const submit = async (input: DecisionInput): Promise<boolean> => {
    if (detail === null) return false;
    // Decided before the list refreshes, so "next" is the row below the one just decided.
    const after = neighbourId(ids, detail.task.id, 1) ?? neighbourId(ids, detail.task.id, -1);
    const view = await decision.mutateAsync({ detail, decision: input });
    setOutcomes((current) => [view, ...current.filter((o) => o.outcome === 'conflict')].slice(0, 5));
    if (view.outcome === 'accepted') void message.success(view.title, 1.5);
    if (view.outcome === 'rejected') void message.error(view.title, 4);
    if (view.stay) return view.outcome !== 'rejected';
    if (useUiStore.getState().selectedTaskId === detail.task.id) selectTask(after);
    return true;
  };

  /** Override reasons go to the platform first; the approval then takes them with it. */
  const approve = async (): Promise<void> => {
    if (detail === null) return;
    const overrides = overridesToSend(detail.findings, overrideDraft);
    if (overrides.length > 0) {
      const saved = await client.saveOverrides(detail.task.id, { overrides });
      if (!saved.ok) {
        void message.error(`越权理由未保存，未提交审核：${describeFailure(saved.failure)}`, 4);
        return;
      }
    }
    await submit({ decision: 'approve', reason: '' });
  };

  const onDecide = (kind: DecisionKind) => {
    if (!canDecide) return;
    if (kind === 'approve') void approve();
    else setRejectKind(kind);
  };

  useShortcuts(
    {
      approve: () => onDecide('approve'),
      reject: () => onDecide('reject'),
      rejectDoubleSign: () => onDecide('reject-allow-double-sign'),
      next: () => move(1),
      previous: () => move(-1),
    },
    rejectKind === null,
  );

  const [latest, ...older] = outcomes;
  const alerts = (
    <OutcomeAlerts latest={latest ?? null} older={older} onClose={(id) => setOutcomes((current) => current.filter((o) => o.id !== id))} />
  );

  if (selectedId === null) {
    return (
      <div className="yd-pane yd-task">
        {alerts}
        <div className="yd-task-empty">
          <Empty description={<span>请从左侧选择处方，或按 <Kbd>J</Kbd> 开始审核</span>} />
        </div>
      </div>
    );
  }

  const failure = failureOf(detailQuery.error);
  return (
    <div className="yd-pane yd-task" data-testid="task-detail" data-task-id={selectedId}>
      {detail !== null ? <TaskHeader detail={detail} lease={lease} /> : null}
      {alerts}
      <LeaseNotice lease={lease} />
      <div className="yd-task-body">
        {detail !== null ? (
          <TaskDetailBody
            detail={detail}
            afterFindings={
              isPending ? (
                <OverridePanel
                  findings={detail.findings}
                  draft={overrideDraft}
                  disabled={!canDecide}
                  onChange={(draft) => setOverrideDrafts((all) => ({ ...all, [detail.task.id]: draft }))}
                />
              ) : null
            }
          />
        ) : failure !== null ? (
          <Result status="warning" title="处方加载失败" subTitle={describeFailure(failure)} extra={<Button onClick={() => void detailQuery.refetch()}>重试</Button>} />
        ) : (
          <Skeleton active paragraph={{ rows: 10 }} />
        )}
      </div>
      <DecisionBar
        enabled={canDecide}
        pending={decision.isPending ? (decision.variables?.decision.decision ?? null) : null}
        onDecide={onDecide}
        onNext={() => move(1)}
        onPrevious={() => move(-1)}
        hint={hint}
      />
      <RejectModal
        kind={rejectKind}
        prescriptionNo={detail?.task.prescriptionNo ?? ''}
        submitting={decision.isPending}
        onCancel={() => setRejectKind(null)}
        onConfirm={(reason, reasonCode) => {
          const kind = rejectKind;
          if (kind === null) return;
          void submit({ decision: kind, reason, reasonCode }).then((done) => {
            if (done) setRejectKind(null);
          });
        }}
      />
    </div>
  );
}
