import type { ReactNode } from 'react';
import { Descriptions, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { REVIEW_STATUS_ZH } from '../../../../app/domain/decide';
import { maxLevel, type Level } from '../../../../app/domain/levels';
import type { HistoryEntry, PrescriptionItem, TaskDetail } from '../../../../app/sync/api';
import { formatAge, formatDateTime } from '../../shared/format';
import { LEVEL_COLOR } from '../../shared/level-tag';
import { FindingsList } from './findings-list';
import { TaskExtras } from './task-extras';

function Section(props: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section className="yd-section">
      <div className="yd-section-title">
        <span>{props.title}</span>
        {props.extra}
      </div>
      {props.children}
    </section>
  );
}

function none(text = '无') {
  return <Typography.Text type="secondary">{text}</Typography.Text>;
}

function PatientSection(props: { patient: TaskDetail['patient'] }) {
  const p = props.patient;
  return (
    <Section title="患者信息">
      <Descriptions
        size="small"
        bordered
        column={4}
        styles={{ label: { width: 64, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'name', label: '姓名', children: p.name ?? none('未知') },
          { key: 'sex', label: '性别', children: p.sex ?? none('—') },
          { key: 'age', label: '年龄', children: p.age === null ? none('—') : formatAge(p.age) },
          { key: 'weight', label: '体重', children: p.weightKg === null ? none('—') : `${p.weightKg} kg` },
          {
            key: 'diagnoses',
            label: '诊断',
            span: 4,
            children:
              p.diagnoses.length === 0
                ? none('无诊断')
                : p.diagnoses.map((d, i) => (
                    <Tag key={i} style={{ marginBottom: 2 }}>
                      {d.code !== null ? <span className="yd-mono yd-muted">{d.code} </span> : null}
                      {d.name ?? '（未命名）'}
                    </Tag>
                  )),
          },
          {
            key: 'allergies',
            label: '过敏史',
            span: 4,
            children:
              p.allergies.length === 0
                ? none('无记录')
                : p.allergies.map((a, i) => (
                    <Tag key={i} color="red" style={{ marginBottom: 2 }}>
                      {a}
                    </Tag>
                  )),
          },
          {
            key: 'labs',
            label: '检验',
            span: 4,
            children:
              p.labs.length === 0
                ? none('无')
                : p.labs.map((l, i) => (
                    <Tag key={i} variant="filled" style={{ marginBottom: 2 }}>
                      {l.name} <b>{l.value}</b>
                      {l.unit !== null ? ` ${l.unit}` : ''}
                    </Tag>
                  )),
          },
        ]}
      />
    </Section>
  );
}

function itemLevels(detail: TaskDetail): Map<string, Level> {
  const byRef = new Map<string, Level[]>();
  for (const f of detail.findings) for (const ref of f.orders) byRef.set(ref, [...(byRef.get(ref) ?? []), f.level]);
  const out = new Map<string, Level>();
  for (const [ref, levels] of byRef) {
    const top = maxLevel(levels);
    if (top !== null) out.set(ref, top);
  }
  return out;
}

function ItemsSection(props: { detail: TaskDetail }) {
  const { prescription, task } = props.detail;
  const levels = itemLevels(props.detail);
  const dash = (v: string | number | null) => (v === null || v === '' ? none('—') : v);
  const columns: TableColumnsType<PrescriptionItem> = [
    { key: 'group', title: '组号', width: 48, render: (_, i) => dash(i.group) },
    {
      key: 'name',
      title: '药品',
      ellipsis: { showTitle: false },
      render: (_, i) => {
        const level = levels.get(i.ref);
        return (
          <span className="yd-drug" title={i.name}>
            {level !== undefined ? <span className="yd-dot" style={{ background: `var(--yd-${LEVEL_COLOR[level]})` }} title="该药品涉及审核问题" /> : null}
            <span className="yd-ellipsis">{i.name}</span>
          </span>
        );
      },
    },
    { key: 'dose', title: '单次剂量', width: 84, ellipsis: true, render: (_, i) => dash(i.dose) },
    { key: 'frequency', title: '频次', width: 60, ellipsis: true, render: (_, i) => dash(i.frequency) },
    { key: 'route', title: '途径', width: 84, ellipsis: true, render: (_, i) => dash(i.route) },
    { key: 'days', title: '天数', width: 48, render: (_, i) => dash(i.days) },
    { key: 'quantity', title: '总量', width: 64, ellipsis: true, render: (_, i) => dash(i.quantity) },
  ];
  const meta = [
    prescription.visitType,
    `${task.institutionName}${prescription.institutionLevel !== null ? `（${prescription.institutionLevel}）` : ''}`,
    task.departmentName,
    task.doctorName === null ? null : `${task.doctorName}${prescription.doctorTitle !== null ? ` ${prescription.doctorTitle}` : ''}`,
    `开方 ${formatDateTime(prescription.prescribedAt)}`,
  ].filter((m): m is string => m !== null && m !== '');
  return (
    <Section title={`处方明细（${prescription.items.length}）`} extra={<span className="yd-section-meta">{meta.join(' · ')}</span>}>
      <Table<PrescriptionItem> className="yd-items" size="small" rowKey="ref" columns={columns} dataSource={prescription.items} pagination={false} bordered tableLayout="fixed" />
    </Section>
  );
}

function HistorySection(props: { history: readonly HistoryEntry[] }) {
  const entries = [...props.history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (entries.length === 0) return null;
  const color = (e: HistoryEntry) =>
    e.status === 'approved' || e.status === 'passed' || e.status === 'double-signed'
      ? 'green'
      : e.status === 'rejected' || e.status === 'rejected-double-sign' || e.status === 'blocked'
        ? 'red'
        : e.status === 'pending'
          ? 'blue'
          : 'gray';
  return (
    <Section title="状态记录">
      <Timeline
        items={entries.map((e, i) => ({
          key: i,
          color: color(e),
          content: (
            <div className="yd-history">
              <span className="yd-mono yd-muted">{formatDateTime(e.at)}</span>
              <span>第{e.version}版</span>
              <b>{REVIEW_STATUS_ZH[e.status]}</b>
              {e.actor !== null ? <span>{e.actor}</span> : null}
              {e.reason !== null && e.reason !== '' ? <span className="yd-muted">理由：{e.reason}</span> : null}
            </div>
          ),
        }))}
      />
    </Section>
  );
}

export function TaskDetailBody(props: { detail: TaskDetail; afterFindings?: ReactNode }) {
  const { detail } = props;
  return (
    <>
      <PatientSection patient={detail.patient} />
      <ItemsSection detail={detail} />
      <Section title={`审核问题（${detail.findings.length}）`} extra={<span className="yd-section-meta">规则包 r{detail.packRevision}</span>}>
        <FindingsList findings={detail.findings} />
        {props.afterFindings}
      </Section>
      {/* 处方流转 (in the tabs) supersedes the bare status list when the platform sends it. */}
      {detail.flow === undefined ? <HistorySection history={detail.history} /> : null}
      <TaskExtras detail={detail} />
    </>
  );
}
