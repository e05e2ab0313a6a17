import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Empty, Input, List, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  CODE_KIND_ZH, CODE_KINDS, codeItemListSchema, codeItemSchema, institutionListSchema, suggestionListSchema, unmappedReportSchema,
  type CodeItem, type CodeKind, type Suggestion,
} from '../../../../app/contracts/data-center';
import { useAdminApi } from '../../api/admin-client';
import { describeFailure, failureOf } from '../../api/client';

/** Suggestions at or above this score are shown as confident (platform code-mapping/suggest.ts). */
const CONFIDENT = 50;
type Status = 'unmapped' | 'confirmed';
const STATUS_ZH: Record<Status, string> = { unmapped: '未对照', confirmed: '已确认' };
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });
const itemKey = (i: Pick<CodeItem, 'institutionId' | 'kind' | 'code'>) => `${i.institutionId}|${i.kind}|${i.code}`;

function errorText(e: unknown): string {
  const f = failureOf(e);
  return f ? describeFailure(f) : '操作失败';
}

function SuggestionPanel(props: { item: CodeItem }) {
  const { item } = props;
  const api = useAdminApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [other, setOther] = useState('');
  const q = new URLSearchParams({ institutionId: item.institutionId, kind: item.kind, code: item.code });
  const suggestions = useQuery({ queryKey: ['code-mapping', 'suggestions', itemKey(item)], queryFn: () => api.get(`/api/admin/code-items/suggestions?${q}`, suggestionListSchema) });
  const decide = useMutation({
    mutationFn: (d: { decision: 'confirm' | 'reject'; targetCode: string }) => api.post('/api/admin/code-mappings', { institutionId: item.institutionId, kind: item.kind, code: item.code, ...d }, codeItemSchema),
    onSuccess: (r, d) => {
      void message.success(d.decision === 'confirm' ? `已确认对照：${r.target?.name ?? d.targetCode}（${d.targetCode}）` : `已否决：${d.targetCode}`);
      setOther('');
      void qc.invalidateQueries({ queryKey: ['code-mapping'] });
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const list: Suggestion[] = suggestions.data?.suggestions ?? [];
  const confident = list.some((s) => !s.rejected && s.score >= CONFIDENT);
  return (
    <Card size="small" data-testid="suggestion-panel" title={<span>对照建议：{item.name ?? item.code} <Typography.Text type="secondary">（{CODE_KIND_ZH[item.kind]} {item.code}{item.spec ? ` · ${item.spec}` : ''}{item.manufacturer ? ` · ${item.manufacturer}` : ''}）</Typography.Text></span>}>
      {item.target ? <Alert type="success" showIcon style={{ marginBottom: 8 }} message={`当前对照：${item.target.name ?? ''}（${item.target.code}），${item.target.decidedBy ?? ''} 于 ${when(item.target.decidedAt)} 确认`} /> : null}
      {suggestions.isError ? <Alert type="error" message={errorText(suggestions.error)} /> : null}
      {!suggestions.isLoading && !confident ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="no-confident" message="没有可信的自动建议，请人工指定目标编码；未确认前该编码不会被使用。" /> : null}
      <List
        loading={suggestions.isLoading}
        dataSource={list}
        locale={{ emptyText: <Empty description="无建议" /> }}
        renderItem={(s) => (
          <List.Item
            data-testid="suggestion-item"
            data-target={s.targetCode}
            actions={[
              <Button key="c" type="primary" size="small" data-testid="suggestion-confirm" disabled={item.target?.code === s.targetCode} loading={decide.isPending} onClick={() => decide.mutate({ decision: 'confirm', targetCode: s.targetCode })}>确认</Button>,
              <Button key="r" size="small" danger data-testid="suggestion-reject" disabled={s.rejected} onClick={() => decide.mutate({ decision: 'reject', targetCode: s.targetCode })}>否决</Button>,
            ]}
          >
            <List.Item.Meta
              title={<Space><Tag color={s.rejected ? 'default' : s.score >= CONFIDENT ? 'green' : 'gold'} data-testid="suggestion-score">{s.score} 分</Tag><span>{s.targetName}</span><Typography.Text type="secondary">{s.targetCode}</Typography.Text>{s.rejected ? <Tag>已否决</Tag> : null}</Space>}
              description={<ul className="yd-reasons">{s.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
            />
          </List.Item>
        )}
      />
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input placeholder={item.kind === 'drug' ? '选择其他目标：平台药品 ID，如 amoxicillin' : item.kind === 'diagnosis' ? 'ICD-10 编码，如 J20.9' : item.kind === 'lab' ? 'LOINC 编码，如 2160-0' : '诊疗科目代码，如 03'} value={other} onChange={(e) => setOther(e.target.value)} data-testid="other-target-input" />
        <Button type="primary" disabled={other.trim() === ''} onClick={() => decide.mutate({ decision: 'confirm', targetCode: other.trim() })} data-testid="other-target-confirm">确认其他目标</Button>
      </Space.Compact>
    </Card>
  );
}

function ItemsTab(props: { institutions: Array<{ value: string; label: string }> }) {
  const api = useAdminApi();
  const [institutionId, setInstitution] = useState<string | undefined>();
  const [kind, setKind] = useState<CodeKind | undefined>();
  const [status, setStatus] = useState<Status | undefined>('unmapped');
  const [selected, setSelected] = useState<string | null>(null);
  const params = new URLSearchParams();
  if (institutionId) params.set('institutionId', institutionId);
  if (kind) params.set('kind', kind);
  if (status) params.set('status', status);
  const items = useQuery({ queryKey: ['code-mapping', 'items', params.toString()], queryFn: () => api.get(`/api/admin/code-items?${params}`, codeItemListSchema) });
  const rows = items.data?.items ?? [];
  const current = rows.find((r) => itemKey(r) === selected) ?? null;
  return (
    <div className="yd-admin-split">
      <div className="yd-admin-main">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select allowClear placeholder="全部机构" style={{ width: 200 }} options={props.institutions} value={institutionId} onChange={setInstitution} data-testid="filter-institution" />
          <Select allowClear placeholder="全部类别" style={{ width: 130 }} options={CODE_KINDS.map((k) => ({ value: k, label: CODE_KIND_ZH[k] }))} value={kind} onChange={setKind} data-testid="filter-kind" />
          <Select allowClear placeholder="全部状态" style={{ width: 130 }} options={(['unmapped', 'confirmed'] as const).map((s) => ({ value: s, label: STATUS_ZH[s] }))} value={status} onChange={setStatus} data-testid="filter-status" />
          <Typography.Text type="secondary" data-testid="items-total">共 {items.data?.total ?? 0} 项</Typography.Text>
        </Space>
        {items.isError ? <Alert type="error" message={errorText(items.error)} /> : null}
        <Table<CodeItem>
          size="small"
          rowKey={itemKey}
          loading={items.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => setSelected(itemKey(r)), 'data-testid': 'code-item-row', 'data-code': r.code, 'data-selected': itemKey(r) === selected } as React.HTMLAttributes<HTMLElement>)}
          rowClassName={(r) => (itemKey(r) === selected ? 'yd-row-selected' : '')}
          columns={[
            { title: '机构', dataIndex: 'institutionName', width: 140 },
            { title: '类别', dataIndex: 'kind', width: 80, render: (k: CodeKind) => CODE_KIND_ZH[k] },
            { title: '本机构编码', dataIndex: 'code', width: 120 },
            { title: '名称', dataIndex: 'name', width: 220, render: (n: string | null, r) => <span>{n ?? '—'}{r.spec ? <Typography.Text type="secondary"> {r.spec}</Typography.Text> : null}</span> },
            { title: '生产企业', dataIndex: 'manufacturer', width: 120, render: (m: string | null) => m ?? '—' },
            { title: '状态', dataIndex: 'status', width: 90, render: (s: Status) => <Tag color={s === 'confirmed' ? 'green' : 'orange'}>{STATUS_ZH[s]}</Tag> },
            { title: '对照目标', key: 'target', width: 140, render: (_: unknown, r) => (r.target ? `${r.target.name ?? ''}（${r.target.code}）` : '—') },
            { title: '到达次数', dataIndex: 'seenCount', width: 90 },
          ]}
        />
      </div>
      <div className="yd-admin-side">{current ? <SuggestionPanel key={selected} item={current} /> : <Empty description="点击左侧一行查看对照建议" />}</div>
    </div>
  );
}

function UnmappedTab() {
  const api = useAdminApi();
  const report = useQuery({ queryKey: ['code-mapping', 'unmapped'], queryFn: () => api.get('/api/admin/code-items/unmapped', unmappedReportSchema) });
  return (
    <Table
      size="small"
      rowKey={(r) => `${r.institutionId}|${r.kind}`}
      loading={report.isLoading}
      dataSource={report.data?.rows ?? []}
      pagination={false}
      onRow={() => ({ 'data-testid': 'unmapped-row' } as React.HTMLAttributes<HTMLElement>)}
      columns={[
        { title: '机构', dataIndex: 'institutionName' },
        { title: '类别', dataIndex: 'kind', render: (k: CodeKind) => CODE_KIND_ZH[k] },
        { title: '未对照编码数', dataIndex: 'items' },
        { title: '到达次数', dataIndex: 'occurrences' },
        { title: '首次出现', dataIndex: 'firstSeen', render: when },
        { title: '最近出现', dataIndex: 'lastSeen', render: when },
        { title: '示例', dataIndex: 'example', render: (e: { code: string; name: string | null }) => `${e.code} ${e.name ?? ''}` },
      ]}
    />
  );
}

/** Admin: each institution's local codes mapped to the platform catalogs, confirmed by a person. */
export function CodeMappingPage() {
  const api = useAdminApi();
  const inst = useQuery({ queryKey: ['code-mapping', 'institutions'], queryFn: () => api.get('/api/admin/institutions', institutionListSchema) });
  const options = (inst.data?.institutions ?? []).map((i) => ({ value: i.id, label: i.name }));
  return (
    <div className="yd-admin-page" data-testid="code-mapping-page">
      <Tabs items={[
        { key: 'items', label: <span data-testid="tab-items">编码对照</span>, children: <ItemsTab institutions={options} /> },
        { key: 'unmapped', label: <span data-testid="tab-unmapped">未对照报告</span>, children: <UnmappedTab /> },
      ]} />
    </div>
  );
}
