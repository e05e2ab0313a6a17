import { Button, Input, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DoctorPrescription, ReplyKind } from '../../../../app/sync/api';
import type { ReplyTemplateRow } from '../../offline/db';
import { useSync } from '../../offline/sync-provider';
import { useLive } from '../../offline/use-live';

export type DoctorActionKind = ReplyKind | 'double-sign';

const TITLES: Readonly<Record<DoctorActionKind, string>> = { reply: '回复药师', appeal: '申诉（对驳回结果有异议）', 'double-sign': '医生双签（承担用药责任）' };

/** Starting templates; the doctor adds, edits and deletes their own (seed 002 §3.6.4.2). */
const DEFAULT_TEMPLATES: Readonly<Record<DoctorActionKind, readonly string[]>> = {
  reply: ['已按药师意见修改处方，请复核。', '已与患者沟通，停用相关药品。', '已电话告知患者调整用法用量。'],
  appeal: ['对驳回结果有异议：该用药有临床依据（见病历记录），申请复核。', '患者长期规律使用且耐受良好，申请复核。'],
  'double-sign': ['患者病情需要，已告知用药风险，由本人承担用药责任。'],
};

export function ReplyModal(props: {
  kind: DoctorActionKind | null;
  item: DoctorPrescription | null;
  submitting: boolean;
  error: string | null;
  onCancel: () => void;
  onSubmit: (kind: DoctorActionKind, text: string) => void;
}) {
  const { repo, userId } = useSync();
  const kind = props.kind;
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    if (kind !== null && userId !== null) repo.ensureTemplates(userId, kind, DEFAULT_TEMPLATES[kind]).catch(() => undefined);
  }, [repo, userId, kind]);
  const templates = useLive(
    () => (kind === null || userId === null ? Promise.resolve([]) : repo.templates(userId, kind)),
    [repo, userId, kind],
    [] as ReplyTemplateRow[],
  );
  useEffect(() => {
    setText('');
    setSelected(null);
  }, [kind, props.item?.prescriptionId]);

  const saveAsNew = () => {
    if (kind === null || userId === null || text.trim() === '') return;
    const order = templates.reduce((max, t) => Math.max(max, t.order), -1) + 1;
    void repo.saveTemplate({ id: crypto.randomUUID(), userId, kind, text: text.trim(), order });
  };
  const updateSelected = () => {
    const t = templates.find((x) => x.id === selected);
    if (t !== undefined && text.trim() !== '') void repo.saveTemplate({ ...t, text: text.trim() });
  };

  return (
    <Modal
      open={kind !== null}
      title={kind === null ? '' : `${TITLES[kind]} · 处方 ${props.item?.prescriptionNo ?? ''}`}
      onCancel={props.onCancel}
      okText={kind === 'double-sign' ? '确认双签' : '提交'}
      cancelText="取消"
      okButtonProps={{ disabled: text.trim() === '', loading: props.submitting, ...{ 'data-testid': 'doctor-submit' } }}
      onOk={() => kind !== null && props.onSubmit(kind, text.trim())}
      width={560}
      destroyOnHidden
    >
      {props.item?.decision?.reason ? (
        <div className="yd-doctor-reason">
          药师意见（{props.item.decision.by ?? '药师'}）：{props.item.decision.reason}
        </div>
      ) : null}
      <Typography.Text type="secondary">常用模板（点击使用，可修改后更新或另存）：</Typography.Text>
      <div style={{ margin: '6px 0 10px', display: 'flex', flexWrap: 'wrap', gap: 6 }} data-testid="doctor-templates">
        {templates.map((t) => (
          <Tag
            key={t.id}
            color={t.id === selected ? 'blue' : 'default'}
            closable
            onClose={(e) => {
              e.preventDefault();
              void repo.deleteTemplate(t.id);
            }}
            onClick={() => {
              setSelected(t.id);
              setText(t.text);
            }}
            style={{ cursor: 'pointer', whiteSpace: 'normal', maxWidth: '100%' }}
            data-testid="doctor-template"
          >
            {t.text}
          </Tag>
        ))}
      </div>
      <Input.TextArea
        rows={4}
        maxLength={kind === 'double-sign' ? 500 : 1000}
        showCount
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={kind === 'double-sign' ? '请填写双签理由（必填）' : '请填写内容'}
        data-testid="doctor-text"
      />
      <Space style={{ marginTop: 8 }}>
        <Button size="small" onClick={saveAsNew} disabled={text.trim() === ''} data-testid="template-save">
          存为模板
        </Button>
        <Button size="small" onClick={updateSelected} disabled={selected === null || text.trim() === ''}>
          更新所选模板
        </Button>
      </Space>
      {props.error !== null ? <Typography.Paragraph type="danger" style={{ marginTop: 8 }} data-testid="doctor-error">{props.error}</Typography.Paragraph> : null}
    </Modal>
  );
}
