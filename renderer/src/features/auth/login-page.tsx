import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState, type FormEvent } from 'react';
import { loginRequestSchema } from '../../../../app/sync/api';
import { describeFailure, type ApiFailure } from '../../api/client';
import { useSession } from '../../api/session';

/** The platform's reason codes for a failed login, in the words a pharmacist expects. */
export function loginErrorText(failure: ApiFailure): string {
  if (failure.kind === 'http') {
    if (failure.error === 'invalid-credentials') return '用户名或密码错误';
    if (failure.error === 'locked') return '账号已被锁定，请稍后再试或联系管理员';
    if (failure.status === 429) return '尝试次数过多，请稍后再试';
  }
  return describeFailure(failure);
}

export function LoginPage() {
  const { client, signIn, notice } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const parsed = loginRequestSchema.safeParse({ username: username.trim(), password });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请输入用户名和密码');
      return;
    }
    setSubmitting(true);
    setError(null);
    const result = await client.login(parsed.data);
    if (result.ok) {
      await signIn(result.value);
      return; // this page unmounts
    }
    setSubmitting(false);
    setError(loginErrorText(result.failure));
  }

  return (
    <div className="yd-login">
      <Card style={{ width: 380 }} styles={{ body: { padding: '32px 32px 24px' } }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <SafetyCertificateOutlined style={{ fontSize: 36, color: '#1677ff' }} />
          <Typography.Title level={4} style={{ margin: '8px 0 4px' }}>
            药盾 · 县域审方中心
          </Typography.Title>
          <Typography.Text type="secondary">处方前置审核 · 药师工作站</Typography.Text>
        </div>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Form.Item style={{ marginBottom: 16 }}>
            <Input
              size="large"
              prefix={<UserOutlined />}
              placeholder="用户名"
              autoComplete="username"
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 16 }}>
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              placeholder="密码"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          </Form.Item>
          {error !== null ? (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" role="alert" />
          ) : notice !== null ? (
            <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />
          ) : null}
          <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="login-submit">
            登录
          </Button>
        </form>
      </Card>
    </div>
  );
}
