import { SettingOutlined } from '@ant-design/icons';
import { Button, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { DECISION_ZH } from './outcome';
import { QuickReplyManager, useQuickReplies } from './quick-replies';

export type RejectKind = 'reject' | 'reject-allow-double-sign';

/** Reason required for both reject kinds (decisionCommandSchema), quick replies per seed 002 §3.6.3. */
export function RejectModal(props: {
  kind: RejectKind | null;
  prescriptionNo: string;
  submitting: boolean;
  onCancel: () => void;
  onConfirm: (reason: string, reasonCode: string | undefined) => void;
}) {
  return (
    <Modal
      open={props.kind !== null}
      title={props.kind === null ? '' : `${DECISION_ZH[props.kind]} · 处方 ${props.prescriptionNo}`}
      onCancel={props.onCancel}
      destroyOnHidden
      width={560}
      footer={null}
    >
      {props.kind !== null ? <RejectForm {...props} kind={props.kind} /> : null}
    </Modal>
  );
}

function RejectForm(props: {
  kind: RejectKind;
  submitting: boolean;
  onCancel: () => void;
  onConfirm: (reason: string, reasonCode: string | undefined) => void;
}) {
  const [reason, setReason] = useState('');
  const [reasonCode, setReasonCode] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [managing, setManaging] = useState(false);
  const { replies, fromServer } = useQuickReplies();
  const quickTexts = new Set(replies.map((r) => r.text));

  function pick(code: string, text: string) {
    setReasonCode(code);
    setError(null);
    // A chip replaces another chip's text but appends to what the pharmacist typed.
    setReason((current) => (current.trim() === '' || quickTexts.has(current.trim()) ? text : `${current.trim()}；${text}`));
  }

  function confirm() {
    if (reason.trim() === '') {
      setError('请填写驳回理由（可点击上方快捷回复）');
      return;
    }
    props.onConfirm(reason.trim(), reasonCode);
  }

  return (
    <div>
      {props.kind === 'reject-allow-double-sign' ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          医生可在填写理由后双签使处方继续执行，责任记录在案。
        </Typography.Paragraph>
      ) : null}
      <div style={{ marginBottom: 8, display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography.Text type="secondary">快捷回复：</Typography.Text>
        {fromServer ? (
          <Button size="small" type="link" icon={<SettingOutlined />} onClick={() => setManaging(true)} data-testid="quick-reply-manage">
            管理
          </Button>
        ) : null}
      </div>
      <div className="yd-chips">
        {replies.map((r) => (
          <Tag.CheckableTag key={r.id} checked={reason.trim() === r.text} onChange={() => pick(r.code, r.text)} data-reason-code={r.code} data-testid="quick-reply-chip">
            {r.text}
          </Tag.CheckableTag>
        ))}
      </div>
      <QuickReplyManager open={managing} onClose={() => setManaging(false)} />
      <Input.TextArea
        autoFocus
        rows={4}
        maxLength={2000}
        showCount
        placeholder="驳回理由（必填），将发送给开方医生"
        value={reason}
        status={error === null ? undefined : 'error'}
        onChange={(e) => {
          setReason(e.target.value);
          if (e.target.value.trim() !== '') setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) confirm();
        }}
        data-testid="decision-reason"
      />
      {error !== null ? (
        <Typography.Text type="danger" role="alert" style={{ display: 'block', marginTop: 4 }}>
          {error}
        </Typography.Text>
      ) : null}
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, marginTop: 24 }}>
        <Button onClick={props.onCancel}>取消</Button>
        <Button type="primary" danger loading={props.submitting} onClick={confirm} data-testid="decision-confirm">
          确认{DECISION_ZH[props.kind]}（Ctrl+Enter）
        </Button>
      </div>
    </div>
  );
}
