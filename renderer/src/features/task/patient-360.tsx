/** The patient's 360° view across the county's institutions (GET /api/patients/:id/360). */
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Skeleton, Table, Tag, Timeline, Typography } from 'antd';
import type { Patient360 } from '../../../../app/sync/api';
import { REVIEW_STATUS_ZH, type ReviewStatus } from '../../../../app/domain/decide';
import { isLevel } from '../../../../app/domain/levels';
import { describeFailure, failureOf, unwrap } from '../../api/client';
import { useApiClient } from '../../api/session';
import { formatDateTime } from '../../shared/format';
import { LevelTag } from '../../shared/level-tag';
import { LabTrendChart, type TrendPoint } from './lab-trend-chart';

const VISIT_ZH: Readonly<Record<string, string>> = { AMB: '门诊', EMER: '急诊', IMP: '住院' };
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export function usePatient360(patientId: string | undefined) {
  const client = useApiClient();
  return useQuery({ queryKey: ['patient-360', patientId ?? ''], queryFn: () => unwrap(client.patient360(patientId ?? '')), enabled: patientId !== undefined, staleTime: 60_000 });
}

/** Medicines grouped by institution, current ones first. */
export function medicinesByInstitution(view: Patient360): Array<{ institution: string; items: Patient360['medicines'] }> {
  const groups = new Map<string, Patient360['medicines']>();
  for (const m of view.medicines) groups.set(m.institution, [...(groups.get(m.institution) ?? []), m]);
  return [...groups.entries()].map(([institution, items]) => ({ institution, items: [...items].sort((a, b) => Number(b.current === true) - Number(a.current === true)) }));
}

function numericPoints(points: Patient360['labs'][number]['points']): TrendPoint[] {
  return points.flatMap((p) => (typeof p.value === 'number' ? [{ at: p.at, value: p.value, institution: p.institution }] : []));
}

function Block(props: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <div className="yd-360-block" data-testid={props.testId}>
      <div className="yd-360-title">{props.title}</div>
      {props.children}
    </div>
  );
}

export function Patient360View(props: { patientId: string | undefined }) {
  const q = usePatient360(props.patientId);
  if (props.patientId === undefined) return <Empty description="平台未提供患者 ID" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  if (q.data === undefined) {
    const failure = failureOf(q.error);
    return failure !== null ? <Alert type="warning" showIcon title={`患者 360° 视图加载失败：${describeFailure(failure)}`} /> : <Skeleton active paragraph={{ rows: 6 }} />;
  }
  const v = q.data;
  const groups = medicinesByInstitution(v);
  const labs = v.labs.map((l) => ({ ...l, numeric: numericPoints(l.points) }));
  return (
    <div className="yd-360" data-testid="patient-360" data-state="ready">
      <div className="yd-360-head">
        <Typography.Text strong>{v.patient.name ?? '未知'}</Typography.Text>
        <span className="yd-muted">就诊机构：</span>
        {v.institutions.map((i) => (
          <Tag key={i.patientId}>{i.institution}</Tag>
        ))}
        {v.allergies.length > 0 ? (
          <span data-testid="360-allergies">
            <span className="yd-muted">过敏：</span>
            {v.allergies.map((a) => (
              <Tag key={a} color="red">
                {a}
              </Tag>
            ))}
          </span>
        ) : null}
      </div>
      <div className="yd-360-grid">
        <Block title={`就诊时间线（${v.timeline.length}）`} testId="360-timeline">
          {v.timeline.length === 0 ? (
            <Typography.Text type="secondary">无就诊记录</Typography.Text>
          ) : (
            <Timeline
              items={v.timeline.map((t, i) => ({
                key: i,
                content: (
                  <div className="yd-history">
                    <span className="yd-mono yd-muted">{str(t.visitAt).slice(0, 10)}</span>
                    <b>{t.institution}</b>
                    <span>{VISIT_ZH[str(t.visitType)] ?? str(t.visitType)}</span>
                    <span>{str(t.departmentName)}</span>
                    {v.diagnoses.filter((d) => d.visitNo === t.visitNo && d.institution === t.institution).map((d, j) => (
                      <Tag key={j}>{str(d.name)}</Tag>
                    ))}
                  </div>
                ),
              }))}
            />
          )}
        </Block>
        <Block title="用药（按机构）" testId="360-medicines">
          {groups.length === 0 ? <Typography.Text type="secondary">无用药记录</Typography.Text> : null}
          {groups.map((g) => (
            <div key={g.institution} className="yd-360-group" data-testid="360-medicine-group" data-institution={g.institution}>
              <div className="yd-360-group-title">{g.institution}</div>
              {g.items.map((m, i) => (
                <div key={i} className="yd-360-med">
                  {m.current === true ? <Tag color="green">在用</Tag> : null}
                  <span>{m.drugName}</span>
                  <span className="yd-muted">
                    {[m.dose !== undefined ? `${str(m.dose)}${str(m.doseUnit)}` : '', str(m.frequency), m.days !== undefined ? `${str(m.days)}天` : ''].filter(Boolean).join(' ')}
                  </span>
                </div>
              ))}
            </div>
          ))}
        </Block>
      </div>
      <Block title={`检验趋势（${labs.length}）`} testId="360-labs">
        {labs.length === 0 ? <Typography.Text type="secondary">无检验记录</Typography.Text> : null}
        <div className="yd-360-labs">
          {labs.map((l) => (
            <div key={l.name} className="yd-360-lab">
              <div>
                <b>{l.name}</b>{' '}
                <span className="yd-muted">
                  {l.points.map((p) => `${str(p.value)}`).join(' → ')} {l.points[0]?.unit ?? ''}
                </span>
              </div>
              {l.numeric.length >= 2 ? <LabTrendChart name={l.name} unit={l.points[0]?.unit ?? null} points={l.numeric} /> : null}
            </div>
          ))}
        </div>
      </Block>
      <div className="yd-360-grid">
        <Block title={`检查（${v.exams.length}）`} testId="360-exams">
          {v.exams.length === 0 ? <Typography.Text type="secondary">无检查记录</Typography.Text> : null}
          {v.exams.map((e, i) => (
            <div key={i} className="yd-360-med">
              <span className="yd-mono yd-muted">{str(e.reportedAt).slice(0, 10)}</span>
              <b>{str(e.type)}</b>
              <span>{str(e.part)}</span>
              <span>{str(e.conclusion)}</span>
              <span className="yd-muted">{e.institution}</span>
            </div>
          ))}
        </Block>
        <Block title={`既往审方处方（${v.prescriptions.length}）`} testId="360-prescriptions">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={v.prescriptions}
            columns={[
              // Date and institution share a cell: the block is half the pane wide.
              { key: 'at', title: '开方时间 / 机构', render: (_, r) => (<div><div className="yd-mono">{formatDateTime(r.prescribedAt)}</div><div className="yd-muted">{r.institution}</div></div>) },
              { key: 'level', title: '系统审核', width: 88, render: (_, r) => (isLevel(r.maxLevel) ? <LevelTag level={r.maxLevel} /> : <LevelTag level={null} />) },
              { key: 'status', title: '结果', width: 72, render: (_, r) => REVIEW_STATUS_ZH[r.status as ReviewStatus] ?? r.status },
            ]}
          />
        </Block>
      </div>
    </div>
  );
}
