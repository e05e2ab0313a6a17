/**
 * 审方方案 (seed 002 §3.6.2.2): institutions and departments, pharmacists, working hours,
 * circuit-breaker timeout, what each level does, and which levels or drug classes need a
 * second pharmacist (多级审核). Saved changes are audited and apply within seconds.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { ReviewPlanInput, ReviewPlanOut } from '../../../../app/contracts/review-plan-admin';
import { LEVEL_ZH, LEVELS, type Level } from '../../../../app/domain/levels';
import { describeFailure, failureOf, unwrap } from '../../api/client';
import { useApiClient } from '../../api/session';
import { useDictionaries } from './dictionaries-tab';

const ACTION_OPTIONS = [{ value: 'pass', label: '直接通过' }, { value: 'warn', label: '提示后通过' }, { value: 'review', label: '药师审核' }, { value: 'block', label: '拦截' }];
const DAYS = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => ({ value: i + 1, label: `周${d}` }));

interface FormValues extends Omit<ReviewPlanInput, 'workingHours'> {
  days?: number[];
  hours?: [Dayjs, Dayjs] | null;
}

function toForm(p: ReviewPlanOut): FormValues {
  return {
    name: p.name, timeoutSeconds: p.timeoutSeconds, actions: p.actions, institutionIds: p.institutionIds, departments: p.departments, pharmacistIds: p.pharmacistIds, secondReview: p.secondReview,
    days: p.workingHours?.days ?? [], hours: p.workingHours ? [dayjs(`2000-01-01T${p.workingHours.start}`), dayjs(`2000-01-01T${p.workingHours.end}`)] : null,
  };
}

function toInput(v: FormValues): ReviewPlanInput {
  const { days, hours, ...rest } = v;
  return { ...rest, workingHours: hours && days && days.length > 0 ? { days, start: hours[0].format('HH:mm'), end: hours[1].format('HH:mm') } : null };
}

export function ReviewPlansTab() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const dict = useDictionaries();
  const q = useQuery({ queryKey: ['review-plans'], queryFn: () => unwrap(client.reviewPlans()) });
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const plan = q.data?.plans.find((p) => p.isDefault) ?? q.data?.plans[0];
  useEffect(() => {
    if (plan) form.setFieldsValue(toForm(plan));
  }, [plan, form]);
  const save = useMutation({
    mutationFn: (v: FormValues) => unwrap(client.saveReviewPlan(plan!.id, toInput(v))),
    onSuccess: () => { setError(null); void message.success('审方方案已保存（已记入审计日志）'); void queryClient.invalidateQueries({ queryKey: ['review-plans'] }); },
    onError: (e) => { const f = failureOf(e); setError(f ? (f.kind === 'http' && f.issues?.length ? f.issues.map((i) => `${i.path}：${i.message}`).join('；') : describeFailure(f)) : String(e)); },
  });
  if (q.error) return <Alert type="error" title={describeFailure(failureOf(q.error) ?? { kind: 'network', message: '' })} />;
  const d = q.data?.directory;
  return (
    <Card size="small" title={plan ? `审方方案：${plan.name}${plan.isDefault ? '（默认）' : ''}` : '审方方案'} loading={!plan} data-testid="review-plan">
      {error ? <Alert type="error" showIcon title="方案无效" description={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" size="small" onFinish={(v) => save.mutate(v)}>
        <Row gutter={12}>
          <Col span={12}><Form.Item name="name" label="方案名称" rules={[{ required: true, min: 2 }]}><Input /></Form.Item></Col>
          <Col span={6}><Form.Item name="timeoutSeconds" label="熔断时间（秒，超时自动通过）" rules={[{ required: true }]}><InputNumber min={10} max={3600} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={24}><Typography.Text strong>各级别处理方式</Typography.Text></Col>
          {LEVELS.map((l: Level) => (
            <Col span={6} key={l}>
              <Form.Item name={['actions', l]} label={LEVEL_ZH[l]} rules={[{ required: true }]}>
                <Select options={l === 'info' ? ACTION_OPTIONS.slice(0, 2) : ACTION_OPTIONS} />
              </Form.Item>
            </Col>
          ))}
          <Col span={12}><Form.Item name="institutionIds" label="审方机构（不选 = 全县）"><Select mode="multiple" optionFilterProp="label" options={(d?.institutions ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.code}）` }))} /></Form.Item></Col>
          <Col span={12}><Form.Item name="departments" label="科室（不填 = 全部科室）"><Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} /></Form.Item></Col>
          <Col span={12}><Form.Item name="pharmacistIds" label="审方药师（不选 = 全部药师）"><Select mode="multiple" optionFilterProp="label" options={(d?.pharmacists ?? []).map((p) => ({ value: p.id, label: p.displayName }))} /></Form.Item></Col>
          <Col span={6}><Form.Item name="days" label="工作日"><Select mode="multiple" options={DAYS} /></Form.Item></Col>
          <Col span={6}><Form.Item name="hours" label="工作时间"><TimePicker.RangePicker format="HH:mm" style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={24}><Typography.Text strong>多级审核（需第二位药师复核）</Typography.Text></Col>
          <Col span={12}><Form.Item name={['secondReview', 'levels']} label="以下级别需双人审核"><Select mode="multiple" options={LEVELS.map((l) => ({ value: l, label: LEVEL_ZH[l] }))} /></Form.Item></Col>
          <Col span={12}><Form.Item name={['secondReview', 'drugClasses']} label="含以下药物类别需双人审核"><Select mode="multiple" optionFilterProp="label" options={(dict.data?.classes ?? []).map((c) => ({ value: c.id, label: c.zh }))} /></Form.Item></Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="review-plan-save">保存方案</Button>
          <Typography.Text type="secondary">保存后数秒内对新处方生效；熔断对待复核的处方同样有效。</Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}
