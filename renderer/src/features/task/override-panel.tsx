/**
 * 越权通过理由: for each finding at 慎用 or above, the reason the pharmacist approves anyway.
 * Saved to the platform just before the approval and attached to it there.
 */
import { Input, Select, Typography } from 'antd';
import { CHECK_TYPES } from '../../../../app/domain/check-types';
import { LEVEL_RANK } from '../../../../app/domain/levels';
import { OVERRIDE_REASONS, type FindingOut, type FindingOverrideInput } from '../../../../app/sync/api';
import { LevelTag } from '../../shared/level-tag';

export type OverrideDraft = Readonly<Record<string, { reasonCode: string; note: string }>>;

export function overridableFindings(findings: readonly FindingOut[]): FindingOut[] {
  return findings.filter((f) => LEVEL_RANK[f.level] >= LEVEL_RANK.caution);
}

export function overridesToSend(findings: readonly FindingOut[], draft: OverrideDraft): FindingOverrideInput[] {
  return overridableFindings(findings).flatMap((f) => {
    const d = draft[f.id];
    return d === undefined || d.reasonCode === '' ? [] : [{ findingId: f.id, reasonCode: d.reasonCode, note: d.note.trim() }];
  });
}

export function missingOverrides(findings: readonly FindingOut[], draft: OverrideDraft): number {
  return overridableFindings(findings).filter((f) => (draft[f.id]?.reasonCode ?? '') === '').length;
}

export function OverridePanel(props: { findings: readonly FindingOut[]; draft: OverrideDraft; onChange: (draft: OverrideDraft) => void; disabled: boolean }) {
  const list = overridableFindings(props.findings);
  if (list.length === 0) return null;
  const set = (id: string, patch: Partial<{ reasonCode: string; note: string }>) => {
    const cur = props.draft[id] ?? { reasonCode: '', note: '' };
    props.onChange({ ...props.draft, [id]: { ...cur, ...patch } });
  };
  return (
    <div className="yd-override-panel" data-testid="override-panel">
      <Typography.Text type="secondary">如审核通过，请逐条说明越权理由（随审核结果保存，可追溯）：</Typography.Text>
      {list.map((f) => (
        <div key={f.id} className="yd-override-row" data-testid="override-row" data-finding-id={f.id}>
          <LevelTag level={f.level} />
          <span className="yd-ellipsis yd-override-summary" title={f.summary}>
            {`${CHECK_TYPES[f.checkType].zh}：${f.summary}`}
          </span>
          <Select
            size="small"
            disabled={props.disabled}
            placeholder="选择理由"
            value={props.draft[f.id]?.reasonCode || undefined}
            onChange={(v: string) => set(f.id, { reasonCode: v })}
            options={OVERRIDE_REASONS.map((r) => ({ value: r.code, label: r.text }))}
            style={{ width: 240 }}
            data-testid="override-reason"
            popupMatchSelectWidth={false}
          />
          <Input
            size="small"
            disabled={props.disabled}
            placeholder={props.draft[f.id]?.reasonCode === 'other' ? '说明（必填）' : '说明（选填）'}
            value={props.draft[f.id]?.note ?? ''}
            maxLength={500}
            onChange={(e) => set(f.id, { note: e.target.value })}
            style={{ width: 180 }}
            data-testid="override-note"
          />
        </div>
      ))}
    </div>
  );
}
