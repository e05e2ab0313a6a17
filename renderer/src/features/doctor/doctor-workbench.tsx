import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Spin, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { REPLY_KIND_ZH, type DoctorPrescription, type User } from '../../../../app/sync/api';
import { describeFailure, failureOf, unwrap } from '../../api/client';
import { useApiClient } from '../../api/session';
import { formatDateTime } from '../../shared/format';
import { LevelTag } from '../../shared/level-tag';
import { StatusTag } from '../../shared/status-tag';
import { ReplyModal, type DoctorActionKind } from './reply-modal';

const DOCTOR_KEY = ['doctor-prescriptions'] as const;
const EVENT_ZH: Record<string, string> = { reject: '驳回', 'reject-allow-double-sign': '驳回（可双签）', approve: '审核通过', timeout: '超时自动通过', 'double-sign': '医生双签', cancel: '医生取消' };

function Item(props: { item: DoctorPrescription; onAction: (kind: DoctorActionKind) => void }) {
  const { item } = props;
  const d = item.decision;
  return (
    <div className="yd-doctor-item" data-testid="doctor-item" data-prescription-no={item.prescriptionNo} data-status={item.status}>
      <div className="yd-doctor-head">
        <Typography.Text strong>处方 {item.prescriptionNo}</Typography.Text>
        <span>第{item.version}版</span>
        <StatusTag status={item.status} />
        <LevelTag level={item.maxLevel} />
        <Typography.Text type="secondary">
          {item.patientName ?? ''} · {item.departmentName ?? item.institutionName} · 开方 {formatDateTime(item.prescribedAt)}
        </Typography.Text>
      </div>
      {item.topSummary !== null ? <div style={{ marginTop: 4 }}>系统提示：{item.topSummary}</div> : null}
      {d !== null && d.reason ? (
        <div className="yd-doctor-reason" data-testid="doctor-reason">
          {EVENT_ZH[d.event] ?? d.event}（{d.by ?? '系统'}，{formatDateTime(d.at)}）：{d.reason}
        </div>
      ) : null}
      {item.interventions.map((x) => (
        <div key={x.id} className="yd-doctor-reason" data-testid="doctor-intervention">
          <Tag color="orange">事后干预</Tag>
          {x.pharmacistName ?? '药师'}（{formatDateTime(x.createdAt)}）：{x.reason}
          {x.status === 'replied' ? <Tag color="green" style={{ marginInlineStart: 8 }}>已回复</Tag> : null}
        </div>
      ))}
      {item.replies.map((r) => (
        <div key={r.id} style={{ marginTop: 4 }} data-testid="doctor-reply-entry">
          <Tag>{REPLY_KIND_ZH[r.kind]}</Tag>
          {r.by ?? ''}（{formatDateTime(r.at)}{r.source === 'his' ? '，来自 HIS' : ''}）：{r.text}
        </div>
      ))}
      <div className="yd-doctor-actions">
        {item.status === 'rejected-double-sign' ? (
          <Button size="small" type="primary" onClick={() => props.onAction('double-sign')} data-testid="doctor-double-sign">
            双签
          </Button>
        ) : null}
        <Button size="small" onClick={() => props.onAction('reply')} data-testid="doctor-reply">
          回复
        </Button>
        {item.status === 'rejected' || item.status === 'rejected-double-sign' || item.interventions.length > 0 ? (
          <Button size="small" onClick={() => props.onAction('appeal')} data-testid="doctor-appeal">
            申诉
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The township / village doctor's workstation: rejected and returned prescriptions and
 * 事后干预 with the pharmacist's reasons, replies and appeals, double-signature of a D
 * result, and the status of everything they prescribed (last 30 days).
 */
export function DoctorWorkbench(props: { user: User }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [tab, setTab] = useState<'inbox' | 'all'>('inbox');
  const [action, setAction] = useState<{ kind: DoctorActionKind; item: DoctorPrescription } | null>(null);
  const list = useQuery({ queryKey: [...DOCTOR_KEY, tab], queryFn: () => unwrap(client.doctorPrescriptions(tab)), refetchInterval: 10_000 });

  const submit = useMutation({
    mutationFn: async (input: { kind: DoctorActionKind; item: DoctorPrescription; text: string }) => {
      if (input.kind === 'double-sign') return unwrap(client.doctorDoubleSign(input.item.prescriptionId, { reason: input.text }));
      return unwrap(client.doctorReply(input.item.prescriptionId, { kind: input.kind, text: input.text }));
    },
    onSuccess: (_r, input) => {
      void message.success(input.kind === 'double-sign' ? `处方 ${input.item.prescriptionNo} 已双签，可继续收费发药` : `已${REPLY_KIND_ZH[input.kind]}`);
      setAction(null);
      void queryClient.invalidateQueries({ queryKey: DOCTOR_KEY });
    },
  });

  const failure = failureOf(list.error);
  const items = list.data?.items ?? [];
  return (
    <div className="yd-doctor" data-testid="doctor-workbench">
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k === 'all' ? 'all' : 'inbox')}
        items={[
          { key: 'inbox', label: <span data-testid="doctor-tab-inbox">待处理{list.data ? ` ${list.data.counts.needsAction}` : ''}</span> },
          { key: 'all', label: <span data-testid="doctor-tab-all">我的处方（30天）</span> },
        ]}
      />
      {failure !== null ? <Alert type="error" showIcon title={`加载失败：${describeFailure(failure)}`} style={{ marginBottom: 8 }} /> : null}
      {list.isLoading ? <Spin /> : items.length === 0 ? <Empty description={tab === 'inbox' ? '没有需要处理的处方' : '30 天内没有处方'} /> : items.map((item) => (
        <Item key={item.prescriptionId} item={item} onAction={(kind) => { submit.reset(); setAction({ kind, item }); }} />
      ))}
      <ReplyModal
        kind={action?.kind ?? null}
        item={action?.item ?? null}
        submitting={submit.isPending}
        error={submit.error ? describeFailure(failureOf(submit.error) ?? { kind: 'network', message: String(submit.error) }) : null}
        onCancel={() => setAction(null)}
        onSubmit={(kind, text) => action !== null && submit.mutate({ kind, item: action.item, text })}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {props.user.institutionName ?? ''} · {props.user.displayName}
      </Typography.Paragraph>
    </div>
  );
}
