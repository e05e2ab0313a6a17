/** The prescription's versions and what changed between two of them (doctor resubmitted). */
import { Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { REVIEW_STATUS_ZH } from '../../../../app/domain/decide';
import type { PrescriptionVersion } from '../../../../app/sync/api';
import { formatDateTime } from '../../shared/format';
import { DIFF_FIELD_ZH, diffItems, hasChanges, type ItemChange } from './version-diff';

const KIND: Readonly<Record<ItemChange['kind'], { text: string; color: string }>> = {
  added: { text: '新增', color: 'green' },
  removed: { text: '删除', color: 'red' },
  changed: { text: '修改', color: 'orange' },
  unchanged: { text: '未变', color: 'default' },
};

function nameOf(c: ItemChange): string {
  return c.kind === 'changed' ? c.after.name : c.item.name;
}

export function VersionHistory(props: { versions: readonly PrescriptionVersion[] }) {
  const { versions } = props;
  const last = versions[versions.length - 1];
  const [from, setFrom] = useState(versions.length >= 2 ? versions[versions.length - 2]!.version : (last?.version ?? 1));
  const [to, setTo] = useState(last?.version ?? 1);
  if (versions.length < 2 || last === undefined) return <Typography.Text type="secondary">该处方只有一个版本，医生未修改。</Typography.Text>;
  const a = versions.find((v) => v.version === from) ?? versions[0]!;
  const b = versions.find((v) => v.version === to) ?? last;
  const changes = diffItems(a.items, b.items);
  const options = versions.map((v) => ({ value: v.version, label: `第${v.version}版 · ${formatDateTime(v.receivedAt)} · ${REVIEW_STATUS_ZH[v.status]}` }));
  return (
    <div data-testid="version-history">
      <div className="yd-diff-pick">
        <Select size="small" value={from} options={options} onChange={setFrom} style={{ minWidth: 220 }} aria-label="对比的旧版本" />
        <span>→</span>
        <Select size="small" value={to} options={options} onChange={setTo} style={{ minWidth: 220 }} aria-label="对比的新版本" />
      </div>
      {!hasChanges(changes) ? <Typography.Text type="secondary">两个版本的药品明细相同。</Typography.Text> : null}
      <Table<ItemChange>
        size="small"
        pagination={false}
        rowKey={(c, i) => `${c.kind}-${nameOf(c)}-${i ?? 0}`}
        dataSource={changes}
        rowClassName={(c) => `yd-diff-${c.kind}`}
        columns={[
          { key: 'kind', title: '变化', width: 64, render: (_, c) => <Tag color={KIND[c.kind].color} data-testid="diff-kind" data-kind={c.kind}>{KIND[c.kind].text}</Tag> },
          { key: 'name', title: '药品', ellipsis: true, render: (_, c) => nameOf(c) },
          {
            key: 'what',
            title: '明细',
            render: (_, c) =>
              c.kind === 'changed' ? (
                c.fields.map((f) => (
                  <div key={f.field} data-testid="diff-field" data-field={f.field}>
                    {DIFF_FIELD_ZH[f.field]}：<span className="yd-diff-old">{f.from ?? '—'}</span> → <b>{f.to ?? '—'}</b>
                  </div>
                ))
              ) : (
                <span className="yd-muted">{[c.item.dose, c.item.frequency, c.item.route, c.item.days !== null ? `${c.item.days}天` : null].filter(Boolean).join(' ')}</span>
              ),
          },
        ]}
      />
    </div>
  );
}
