import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Empty, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CHECK_TYPES } from '../../../../app/domain/check-types';
import { LEVEL_RANK } from '../../../../app/domain/levels';
import type { FindingOut } from '../../../../app/sync/api';
import { LevelTag } from '../../shared/level-tag';

export function sortFindings(findings: readonly FindingOut[]): FindingOut[] {
  return [...findings].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || a.checkType.localeCompare(b.checkType));
}

function FindingItem(props: { finding: FindingOut; defaultOpen: boolean }) {
  const f = props.finding;
  const [open, setOpen] = useState(props.defaultOpen);
  return (
    <div className={`yd-finding yd-finding-${f.level}`} data-testid="finding" data-check-type={f.checkType} data-level={f.level}>
      <button type="button" className="yd-finding-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? <DownOutlined className="yd-finding-arrow" /> : <RightOutlined className="yd-finding-arrow" />}
        <LevelTag level={f.level} />
        <Tag style={{ marginInlineEnd: 0 }}>{CHECK_TYPES[f.checkType].zh}</Tag>
        <span className="yd-finding-summary">{f.summary}</span>
        {f.reviewCode !== '' ? <span className="yd-finding-code">点评 {f.reviewCode}</span> : null}
      </button>
      {open ? (
        <dl className="yd-finding-body">
          <dt>问题</dt>
          <dd>{f.what}</dd>
          <dt>原因</dt>
          <dd>{f.why}</dd>
          <dt>建议</dt>
          <dd>{f.action}</dd>
          {f.sources.length > 0 ? (
            <>
              <dt>依据</dt>
              <dd>
                {f.sources.map((s, i) => (
                  <div key={i}>
                    《{s.title}》{s.section ?? ''}
                  </div>
                ))}
              </dd>
            </>
          ) : null}
          {f.facts.length > 0 ? (
            <>
              <dt>相关信息</dt>
              <dd>
                {f.facts.map((fact, i) => (
                  <Tag key={i} variant="filled" style={{ marginBottom: 2 }}>
                    {fact}
                  </Tag>
                ))}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </div>
  );
}

export function FindingsList(props: { findings: readonly FindingOut[] }) {
  const sorted = sortFindings(props.findings);
  if (sorted.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="系统未发现问题" />;
  return (
    <div className="yd-findings">
      {sorted.map((f, i) => (
        <FindingItem key={f.id} finding={f} defaultOpen={i === 0} />
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        共 {sorted.length} 条，按级别排序
      </Typography.Text>
    </div>
  );
}
