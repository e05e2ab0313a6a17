/** 处方流转: every step of the prescription with who and when, and override reasons with approvals. */
import { Tag, Timeline } from 'antd';
import { REVIEW_STATUS_ZH } from '../../../../app/domain/decide';
import { OVERRIDE_REASONS, type FlowEvent } from '../../../../app/sync/api';
import { formatDateTime } from '../../shared/format';
import { LevelTag } from '../../shared/level-tag';

const COLOR: Readonly<Record<FlowEvent['kind'], string>> = {
  submitted: 'blue', checked: 'cyan', other: 'gray', modified: 'orange', leased: 'gray', decided: 'green', 'double-signed': 'purple', 'auto-passed': 'orange', cancelled: 'red', dispensed: 'green',
};
const OVERRIDE_ZH = new Map(OVERRIDE_REASONS.map((r) => [r.code, r.text]));

export function FlowHistory(props: { flow: readonly FlowEvent[] }) {
  return (
    <Timeline
      data-testid="flow-history"
      items={props.flow.map((e, i) => ({
        key: i,
        color: e.kind === 'decided' && (e.status === 'rejected' || e.status === 'rejected-double-sign') ? 'red' : COLOR[e.kind],
        content: (
          <div className="yd-flow" data-testid="flow-event" data-kind={e.kind}>
            <div className="yd-history">
              <span className="yd-mono yd-muted">{formatDateTime(e.at)}</span>
              <span>第{e.version}版</span>
              <b>{e.label}</b>
              {e.status !== null && e.kind !== 'other' ? <Tag>{REVIEW_STATUS_ZH[e.status]}</Tag> : null}
              {e.actor !== null ? <span>{e.actor}</span> : null}
            </div>
            {e.detail !== null && e.detail !== '' ? <div className="yd-muted">{e.kind === 'checked' ? e.detail : `理由：${e.detail}`}</div> : null}
            {e.overrides.length > 0 ? (
              <ul className="yd-overrides" data-testid="flow-overrides">
                {e.overrides.map((o) => (
                  <li key={o.findingId}>
                    <LevelTag level={o.level} /> <span className="yd-mono yd-muted">{o.reviewCode}</span> {o.summary}：<b>{OVERRIDE_ZH.get(o.reasonCode) ?? o.reasonCode}</b>
                    {o.note !== '' ? `（${o.note}）` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
