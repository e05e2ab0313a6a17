import { Tag } from 'antd';
import { REVIEW_STATUS_ZH, type ReviewStatus } from '../../../app/domain/decide';

const STATUS_COLOR: Readonly<Record<ReviewStatus, string>> = {
  passed: 'green',
  blocked: 'red',
  pending: 'processing',
  'pending-second': 'geekblue',
  approved: 'success',
  rejected: 'error',
  'rejected-double-sign': 'volcano',
  'double-signed': 'purple',
  cancelled: 'default',
  'auto-passed': 'warning',
  modified: 'cyan',
  dispensed: 'default',
};

export function StatusTag(props: { status: ReviewStatus; testId?: string }) {
  return (
    <Tag color={STATUS_COLOR[props.status]} data-testid={props.testId} style={{ marginInlineEnd: 0 }}>
      {REVIEW_STATUS_ZH[props.status]}
    </Tag>
  );
}
