import { Typography } from 'antd';
import { formatRemaining } from './format';
import { useNow } from './use-now';

const URGENT_MS = 60_000;

/** Time left before the circuit breaker auto-passes the prescription (熔断). */
export function Countdown(props: { deadline: string | null }) {
  const now = useNow();
  if (props.deadline === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const deadline = Date.parse(props.deadline);
  if (!Number.isFinite(deadline)) return <Typography.Text type="secondary">—</Typography.Text>;
  const remaining = deadline - now;
  if (remaining <= 0) return <Typography.Text type="danger" strong>已超时</Typography.Text>;
  return (
    <Typography.Text type={remaining < URGENT_MS ? 'danger' : undefined} strong={remaining < URGENT_MS} className="yd-mono" data-urgent={remaining < URGENT_MS}>
      {formatRemaining(remaining)}
    </Typography.Text>
  );
}
