import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Empty, Input, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { empiHistorySchema, empiQueueSchema, type EmpiHistory, type EmpiPerson, type EmpiQueue } from '../../../../app/contracts/data-center';
import { useAdminApi } from '../../api/admin-client';
import { describeFailure, failureOf } from '../../api/client';

const SEX_ZH: Record<string, string> = { male: '男', female: '女', unknown: '未知' };
const errorText = (e: unknown) => {
  const f = failureOf(e);
  return f ? describeFailure(f) : '操作失败';
};

function PersonCard(props: { person: EmpiPerson; label: string }) {
  const p = props.person;
  return (
    <Card size="small" title={props.label} data-testid="empi-person" data-person-id={p.id}>
      <Descriptions size="small" column={1} items={[
        { key: 'name', label: '姓名', children: p.name ?? '—' },
        { key: 'sex', label: '性别', children: p.sex ? SEX_ZH[p.sex] ?? p.sex : '—' },
        { key: 'birth', label: '出生日期', children: p.birthDate ?? '—' },
        { key: 'id', label: '身份证号', children: p.hasIdCard ? '已登记（仅存哈希）' : '无' },
        { key: 'records', label: '机构记录', children: <Space direction="vertical" size={0}>{p.records.map((r) => <span key={r.patientId}>{r.institution} · {r.hisPatientId}{r.phone ? ` · ${r.phone}` : ''}</span>)}</Space> },
      ]} />
    </Card>
  );
}

function PairCard(props: { pair: EmpiQueue['pairs'][number] }) {
  const { pair } = props;
  const api = useAdminApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [reason, setReason] = useState('');
  const done = (text: string) => {
    void message.success(text);
    void qc.invalidateQueries({ queryKey: ['empi'] });
  };
  const merge = useMutation({
    mutationFn: () => api.post('/api/admin/empi/merge', { survivorId: pair.a.id, mergedId: pair.b.id, reason: reason.trim(), candidateId: pair.id }, null),
    onSuccess: () => done('已合并：右侧人员并入左侧人员'),
    onError: (e) => void message.error(errorText(e)),
  });
  const notSame = useMutation({
    mutationFn: () => api.post(`/api/admin/empi/candidates/${encodeURIComponent(pair.id)}/not-same`, { reason: reason.trim() }, null),
    onSuccess: () => done('已标记为不是同一人'),
    onError: (e) => void message.error(errorText(e)),
  });
  return (
    <Card size="small" className="yd-empi-pair" data-testid="empi-pair" data-pair-id={pair.id}
      title={<Space wrap><span>疑似同一人</span><Tag color="gold">匹配得分 {pair.score}</Tag>{pair.breakdown.map((b) => <Tag key={b.field} color={b.weight >= 0 ? 'green' : 'red'}>{b.field}{b.outcome}（{b.weight > 0 ? '+' : ''}{b.weight}）</Tag>)}</Space>}>
      <Row gutter={12}>
        <Col span={12}><PersonCard person={pair.a} label="已有人员（保留）" /></Col>
        <Col span={12}><PersonCard person={pair.b} label="新记录人员" /></Col>
      </Row>
      <Space.Compact style={{ width: '100%', marginTop: 12 }}>
        <Input placeholder="理由（合并必填），如：电话号码录入错误，核实为同一人" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="empi-reason" />
        <Button type="primary" disabled={reason.trim() === ''} loading={merge.isPending} onClick={() => merge.mutate()} data-testid="empi-merge">合并</Button>
        <Button loading={notSame.isPending} onClick={() => notSame.mutate()} data-testid="empi-not-same">不是同一人</Button>
      </Space.Compact>
    </Card>
  );
}

function HistoryTab() {
  const api = useAdminApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const history = useQuery({ queryKey: ['empi', 'history'], queryFn: () => api.get('/api/admin/empi/history', empiHistorySchema) });
  const split = useMutation({
    mutationFn: (mergeId: string) => api.post('/api/admin/empi/split', { mergeId, reason: '管理员撤销合并' }, null),
    onSuccess: () => {
      void message.success('已拆分，记录回到原人员');
      void qc.invalidateQueries({ queryKey: ['empi'] });
    },
    onError: (e) => void message.error(errorText(e)),
  });
  return (
    <Table<EmpiHistory['entries'][number]>
      size="small" rowKey="id" loading={history.isLoading} dataSource={history.data?.entries ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
      onRow={() => ({ 'data-testid': 'empi-history-row' } as React.HTMLAttributes<HTMLElement>)}
      columns={[
        { title: '操作', dataIndex: 'action', render: (a: string, r) => <Space><Tag color={a === 'merge' ? 'blue' : 'purple'}>{a === 'merge' ? '合并' : '拆分'}</Tag>{r.undone ? <Tag>已撤销</Tag> : null}</Space> },
        { title: '保留人员', dataIndex: 'survivorId', render: (v: string) => <Typography.Text code>{v.slice(0, 8)}</Typography.Text> },
        { title: '被合并人员', dataIndex: 'mergedId', render: (v: string) => <Typography.Text code>{v.slice(0, 8)}</Typography.Text> },
        { title: '涉及记录数', dataIndex: 'patientIds', render: (v: string[]) => v.length },
        { title: '理由', dataIndex: 'reason' },
        { title: '操作人', dataIndex: 'actorName' },
        { title: '时间', dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }) },
        { title: '', key: 'split', render: (_: unknown, r) => (r.action === 'merge' && !r.undone ? <Button size="small" danger onClick={() => split.mutate(r.id)} data-testid="empi-split">拆分</Button> : null) },
      ]}
    />
  );
}

/** Admin / data steward: suspected duplicates side by side, merge or not-same, and the history. */
export function EmpiPage() {
  const api = useAdminApi();
  const queue = useQuery({ queryKey: ['empi', 'queue'], queryFn: () => api.get('/api/admin/empi/queue', empiQueueSchema) });
  const pairs = queue.data?.pairs ?? [];
  return (
    <div className="yd-admin-page" data-testid="empi-page">
      <Tabs items={[
        { key: 'queue', label: <span data-testid="tab-empi-queue">疑似重复（{pairs.length}）</span>, children: (
          <Space direction="vertical" style={{ width: '100%' }}>
            {queue.isError ? <Alert type="error" message={errorText(queue.error)} /> : null}
            {pairs.length === 0 && !queue.isLoading ? <Empty description="没有待处理的疑似重复人员" /> : pairs.map((p) => <PairCard key={p.id} pair={p} />)}
          </Space>
        ) },
        { key: 'history', label: <span data-testid="tab-empi-history">合并历史</span>, children: <HistoryTab /> },
      ]} />
    </div>
  );
}
