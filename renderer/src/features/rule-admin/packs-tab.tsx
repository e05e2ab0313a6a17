/**
 * 规则包: upload a signed pack (verified by the platform, refusals listed with their reason),
 * see its diff against the active revision, shadow-run it over stored prescriptions, publish
 * it, or roll back (the previous content re-signed as a new revision).
 */
import { CloudUploadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Descriptions, Drawer, Empty, Input, InputNumber, Modal, Popconfirm, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { PACK_STATUS_ZH, type RulePackRow, type ShadowReportOut } from '../../../../app/contracts/rule-pack-admin';
import { CHECK_TYPES, isCheckType } from '../../../../app/domain/check-types';
import { LEVEL_ZH } from '../../../../app/domain/levels';
import { DIFF_SECTION_ZH } from '../../../../app/packs/diff';
import { describeFailure, failureOf, unwrap } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { useApiClient } from '../../api/session';

const STATUS_COLOR = { candidate: 'processing', active: 'success', superseded: 'default' } as const;
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');
const errorText = (e: unknown) => { const f = failureOf(e); return f ? describeFailure(f) : String(e); };
export const rulePacksKey = ['rule-packs'] as const;

function DiffView(props: { rowId: string }) {
  const client = useApiClient();
  const q = useQuery({ queryKey: ['rule-packs', 'diff', props.rowId], queryFn: () => unwrap(client.rulePackDiff(props.rowId)) });
  if (q.error) return <Alert type="error" title={errorText(q.error)} />;
  if (!q.data) return <Typography.Text type="secondary">正在比较…</Typography.Text>;
  const d = q.data;
  return (
    <div data-testid="pack-diff">
      <Typography.Paragraph>
        r{d.from.revision} → r{d.to.revision}：共 {d.total} 处变化
      </Typography.Paragraph>
      <Table
        size="small" pagination={false} rowKey="section"
        dataSource={d.sections.filter((s) => s.added.length + s.changed.length + s.removed.length > 0)}
        locale={{ emptyText: '两个版本内容相同' }}
        columns={[
          { title: '内容', dataIndex: 'section', width: 100, render: (s: keyof typeof DIFF_SECTION_ZH) => DIFF_SECTION_ZH[s] },
          { title: '新增', render: (_, s) => s.added.map((x) => <Tag color="green" key={x.id}>{x.label}</Tag>) },
          { title: '修改', render: (_, s) => s.changed.map((x) => <Tag color="blue" key={x.id}>{x.label}</Tag>) },
          { title: '删除', render: (_, s) => s.removed.map((x) => <Tag color="red" key={x.id}>{x.label}</Tag>) },
        ]}
      />
    </div>
  );
}

function ShadowView(props: { rowId: string }) {
  const client = useApiClient();
  const [days, setDays] = useState(7);
  const run = useMutation({ mutationFn: () => unwrap(client.shadowRun(props.rowId, days)) });
  const r: ShadowReportOut | undefined = run.data;
  const typeName = (k: string) => (isCheckType(k) ? CHECK_TYPES[k].zh : k);
  return (
    <div data-testid="shadow-run">
      <Space>
        <span>回放最近</span>
        <InputNumber min={1} max={90} value={days} onChange={(v) => setDays(v ?? 7)} data-testid="shadow-days" />
        <span>天的处方</span>
        <Button type="primary" loading={run.isPending} onClick={() => run.mutate()} data-testid="shadow-start">开始试运行</Button>
      </Space>
      {run.error ? <Alert style={{ marginTop: 12 }} type="error" title={errorText(run.error)} /> : null}
      {r ? (
        <div style={{ marginTop: 16 }} data-testid="shadow-result">
          <Space size="large">
            <Statistic title="回放处方" value={r.prescriptions} />
            <Statistic title="结果变化的处方" value={r.changedPrescriptions} />
            <Statistic title="新增警示" value={r.appear} valueStyle={{ color: '#cf1322' }} />
            <Statistic title="消失警示" value={r.disappear} valueStyle={{ color: '#389e0d' }} />
          </Space>
          <Typography.Title level={5} style={{ marginTop: 16 }}>按审核类型</Typography.Title>
          <Table size="small" pagination={false} rowKey="key" dataSource={r.byCheckType} locale={{ emptyText: '没有变化' }}
            columns={[{ title: '审核类型', dataIndex: 'key', render: typeName }, { title: '新增', dataIndex: 'appear' }, { title: '消失', dataIndex: 'disappear' }]} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>按机构</Typography.Title>
          <Table size="small" pagination={false} rowKey="key" dataSource={r.byInstitution} locale={{ emptyText: '没有变化' }}
            columns={[{ title: '机构', dataIndex: 'key' }, { title: '新增', dataIndex: 'appear' }, { title: '消失', dataIndex: 'disappear' }]} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>变化明细（前 {r.samples.length} 条）</Typography.Title>
          <Table size="small" rowKey={(s) => `${s.prescriptionNo}-${s.ruleId}-${s.change}`} dataSource={r.samples} pagination={{ pageSize: 10 }}
            columns={[
              { title: '处方号', dataIndex: 'prescriptionNo' }, { title: '机构', dataIndex: 'institution' },
              { title: '变化', dataIndex: 'change', render: (c: string) => (c === 'appear' ? <Tag color="red">新增</Tag> : <Tag color="green">消失</Tag>) },
              { title: '级别', dataIndex: 'level', render: (l: keyof typeof LEVEL_ZH) => LEVEL_ZH[l] },
              { title: '提示', dataIndex: 'summary' },
            ]} />
        </div>
      ) : null}
    </div>
  );
}

export function PacksTab() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const list = useQuery({ queryKey: rulePacksKey, queryFn: () => unwrap(client.rulePacks()) });
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [drawer, setDrawer] = useState<{ row: RulePackRow; view: 'diff' | 'shadow' } | null>(null);
  const [rollbackOpen, setRollbackOpen] = useState(false);
  const [rollbackReason, setRollbackReason] = useState('');
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: rulePacksKey }), queryClient.invalidateQueries({ queryKey: queryKeys.activePack })]);

  const upload = useMutation({
    mutationFn: async (file: File) => {
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} 不是规则包文件（.ydpack）`);
      }
      return unwrap(client.uploadRulePack(json, file.name));
    },
    onSuccess: (row) => { setUploadError(null); void message.success(`规则包 r${row.revision} 已通过验证，存为候选版本`); },
    onError: (e) => setUploadError(errorText(e)),
    onSettled: () => void refresh(),
  });
  const publish = useMutation({
    mutationFn: (rowId: string) => unwrap(client.publishRulePack(rowId)),
    onSuccess: (s) => void message.success(`规则包 r${s.revision} 已发布，所有工作站将自动切换`),
    onError: (e) => void message.error(errorText(e)),
    onSettled: () => void refresh(),
  });
  const rollback = useMutation({
    mutationFn: () => unwrap(client.rollbackRulePack(rollbackReason)),
    onSuccess: (s) => { setRollbackOpen(false); setRollbackReason(''); void message.success(`已回滚：上一版本内容以 r${s.revision} 重新签名并发布`); },
    onError: (e) => void message.error(errorText(e)),
    onSettled: () => void refresh(),
  });

  const data = list.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space size="large" wrap>
          <Descriptions size="small" column={3} items={[
            { key: 'id', label: '当前生效', children: data ? <span data-testid="admin-active-revision">{data.active.packId} r{data.active.revision}</span> : '—' },
            { key: 'src', label: '来源', children: data ? (data.active.source === 'baseline' ? '内置基础包' : '平台发布') : '—' },
          ]} />
          <Upload accept=".ydpack,.json" showUploadList={false} beforeUpload={(file) => { upload.mutate(file); return false; }}>
            <Button type="primary" icon={<CloudUploadOutlined />} loading={upload.isPending} data-testid="pack-upload">上传规则包</Button>
          </Upload>
          <Button icon={<RollbackOutlined />} onClick={() => setRollbackOpen(true)} data-testid="pack-rollback">回滚到上一版本</Button>
        </Space>
        {uploadError ? <Alert style={{ marginTop: 12 }} type="error" showIcon title="规则包被拒绝" description={uploadError} data-testid="pack-upload-error" closable={{ onClose: () => setUploadError(null) }} /> : null}
      </Card>

      <Card size="small" title="规则包版本">
        <Table
          size="small" rowKey="id" dataSource={data?.packs ?? []} pagination={false} loading={list.isLoading}
          locale={{ emptyText: <Empty description="尚未上传规则包，正在使用内置基础包" /> }}
          columns={[
            { title: '版本', render: (_, r) => `${r.packId} r${r.revision}` },
            { title: '状态', dataIndex: 'status', render: (s: RulePackRow['status']) => <Tag color={STATUS_COLOR[s]}>{PACK_STATUS_ZH[s]}</Tag> },
            { title: '签名密钥', dataIndex: 'keyId' },
            { title: '上传', render: (_, r) => `${r.uploadedBy ?? '—'} ${time(r.uploadedAt)}` },
            { title: '发布', render: (_, r) => (r.activatedAt ? `${r.activatedBy ?? '—'} ${time(r.activatedAt)}` : '—') },
            {
              title: '操作',
              render: (_, r) => (
                <Space size={4}>
                  <Button size="small" onClick={() => setDrawer({ row: r, view: 'diff' })} data-testid={`pack-diff-${r.revision}`}>差异</Button>
                  <Button size="small" onClick={() => setDrawer({ row: r, view: 'shadow' })} data-testid={`pack-shadow-${r.revision}`}>试运行</Button>
                  {r.status === 'candidate' ? (
                    <Popconfirm title={`发布 r${r.revision}？`} description="发布后平台与所有在线工作站立即切换到该版本。" okText="发布" cancelText="取消" onConfirm={() => publish.mutate(r.id)}>
                      <Button size="small" type="primary" loading={publish.isPending} data-testid={`pack-publish-${r.revision}`}>发布</Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card size="small" title="被拒绝的上传（失败报告）">
        <Table
          size="small" rowKey="id" dataSource={data?.failures ?? []} pagination={{ pageSize: 5 }} data-testid="pack-failures"
          locale={{ emptyText: '没有被拒绝的上传' }}
          columns={[
            { title: '时间', dataIndex: 'at', width: 170, render: time },
            { title: '文件', dataIndex: 'fileName' },
            { title: '版本', render: (_, f) => (f.revision !== null ? `${f.packId ?? ''} r${f.revision}` : '—') },
            { title: '原因', dataIndex: 'reason', render: (r: string) => <Tag color="red">{r}</Tag> },
            { title: '说明', dataIndex: 'message' },
            { title: '操作人', dataIndex: 'actorName' },
          ]}
        />
      </Card>

      <Drawer
        size="large" open={drawer !== null} onClose={() => setDrawer(null)} destroyOnHidden
        title={drawer ? `${drawer.view === 'diff' ? '差异' : '试运行'}：${drawer.row.packId} r${drawer.row.revision}` : ''}
      >
        {drawer?.view === 'diff' ? <DiffView rowId={drawer.row.id} /> : null}
        {drawer?.view === 'shadow' ? <ShadowView rowId={drawer.row.id} /> : null}
      </Drawer>

      <Modal title="回滚到上一版本" open={rollbackOpen} onCancel={() => setRollbackOpen(false)} okText="签名并发布" cancelText="取消"
        okButtonProps={{ disabled: rollbackReason.trim().length < 2, loading: rollback.isPending, 'data-testid': 'rollback-confirm' } as ButtonProps} onOk={() => rollback.mutate()}>
        <Typography.Paragraph type="secondary">回滚是一次显式的签名操作：平台把上一个生效版本的内容以更高的版本号重新签名并发布（防止降级攻击）。操作将记入审计日志。</Typography.Paragraph>
        <Input.TextArea rows={3} placeholder="回滚原因（必填）" value={rollbackReason} onChange={(e) => setRollbackReason(e.target.value)} data-testid="rollback-reason" />
      </Modal>
    </Space>
  );
}
