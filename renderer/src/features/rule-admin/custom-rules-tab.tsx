/**
 * 用药规则管理: custom rules without code — conditions on drug or class, diagnosis, age, sex,
 * weight, pregnancy, institution, department, prescriber title, visit type, days; level,
 * message template, 点评 code, source; exemptions (e.g. chronic diagnoses exempt from the
 * 7-day rule) and per-institution white and black lists. Saved rules apply at once.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Divider, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CHECK_TYPES } from '../../../../app/domain/check-types';
import { LEVEL_ZH, LEVELS, type Level } from '../../../../app/domain/levels';
import { PLACEHOLDERS, type Rule, type RuleInput } from '../../../../app/knowledge/rules';
import { describeFailure, failureOf, unwrap } from '../../api/client';
import { useApiClient } from '../../api/session';
import { useDictionaries } from './dictionaries-tab';

const key = ['custom-rules'] as const;
const VISIT_OPTIONS = [{ value: 'AMB', label: '门诊' }, { value: 'EMER', label: '急诊' }, { value: 'IMP', label: '住院' }];
const SOURCE_KINDS = [{ value: 'regulation', label: '法规' }, { value: 'guideline', label: '指南' }, { value: 'label', label: '说明书' }, { value: 'formulary', label: '处方集' }, { value: 'reference', label: '文献' }];
const LEVEL_COLOR: Record<Level, string> = { info: 'blue', caution: 'gold', 'not-recommended': 'orange', contraindicated: 'red' };

interface FormValues {
  id: string; title: string; checkType: Rule['checkType']; level: Level; reviewCode: string; message: string; why: string; action: string; doc: string;
  sourceKind: Rule['sources'][number]['kind']; sourceTitle: string; sourceSection?: string;
  drugs?: string[]; classes?: string[]; icd10?: string[]; keywords?: string[]; ageMin?: number | null; ageMax?: number | null; sex?: 'male' | 'female';
  weightMin?: number | null; weightMax?: number | null; pregnant?: 'yes' | 'no'; institutions?: string[]; departments?: string[]; titles?: string[]; visitTypes?: Array<'AMB' | 'EMER' | 'IMP'>;
  daysMin?: number | null; daysMax?: number | null; unlessIcd10?: string[]; unlessKeywords?: string[]; institutionsOnly?: string[]; institutionsExcept?: string[]; enabled: boolean;
}

const nonEmpty = <T,>(a: T[] | undefined) => (a && a.length > 0 ? a : undefined);
const range = (min?: number | null, max?: number | null) => (min == null && max == null ? undefined : { ...(min != null ? { min } : {}), ...(max != null ? { max } : {}) });

export function toRule(v: FormValues): RuleInput {
  const diag = nonEmpty(v.icd10) || nonEmpty(v.keywords) ? { icd10: v.icd10 ?? [], keywords: v.keywords ?? [] } : undefined;
  const unless = nonEmpty(v.unlessIcd10) || nonEmpty(v.unlessKeywords) ? { diagnoses: { icd10: v.unlessIcd10 ?? [], keywords: v.unlessKeywords ?? [] } } : undefined;
  return {
    id: v.id, title: v.title, checkType: v.checkType, level: v.level, reviewCode: v.reviewCode, message: v.message, why: v.why, action: v.action, doc: v.doc,
    sources: [{ kind: v.sourceKind, title: v.sourceTitle, ...(v.sourceSection ? { section: v.sourceSection } : {}) }],
    when: {
      drugs: nonEmpty(v.drugs), classes: nonEmpty(v.classes), diagnoses: diag, ageYears: range(v.ageMin, v.ageMax), sex: v.sex, weightKg: range(v.weightMin, v.weightMax),
      pregnant: v.pregnant === undefined ? undefined : v.pregnant === 'yes', institutions: nonEmpty(v.institutions), departments: nonEmpty(v.departments),
      prescriberTitles: nonEmpty(v.titles), visitTypes: nonEmpty(v.visitTypes), days: range(v.daysMin, v.daysMax),
    },
    ...(unless ? { unless } : {}),
    institutionsOnly: v.institutionsOnly ?? [], institutionsExcept: v.institutionsExcept ?? [], enabled: v.enabled,
  };
}

function toForm(r: Rule): FormValues {
  const w = r.when;
  return {
    id: r.id, title: r.title, checkType: r.checkType, level: r.level, reviewCode: r.reviewCode, message: r.message, why: r.why, action: r.action, doc: r.doc,
    sourceKind: r.sources[0]?.kind ?? 'regulation', sourceTitle: r.sources[0]?.title ?? '', sourceSection: r.sources[0]?.section,
    drugs: w.drugs, classes: w.classes, icd10: w.diagnoses?.icd10, keywords: w.diagnoses?.keywords, ageMin: w.ageYears?.min, ageMax: w.ageYears?.max, sex: w.sex,
    weightMin: w.weightKg?.min, weightMax: w.weightKg?.max, pregnant: w.pregnant === undefined ? undefined : w.pregnant ? 'yes' : 'no', institutions: w.institutions,
    departments: w.departments, titles: w.prescriberTitles, visitTypes: w.visitTypes, daysMin: w.days?.min, daysMax: w.days?.max,
    unlessIcd10: r.unless?.diagnoses.icd10, unlessKeywords: r.unless?.diagnoses.keywords, institutionsOnly: r.institutionsOnly, institutionsExcept: r.institutionsExcept, enabled: r.enabled,
  };
}

const tags = { mode: 'tags' as const, tokenSeparators: [',', '，', ' '], open: false };

export function CustomRulesTab() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const dict = useDictionaries();
  const list = useQuery({ queryKey: key, queryFn: () => unwrap(client.customRules()) });
  const [editing, setEditing] = useState<FormValues | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [form] = Form.useForm<FormValues>();

  const save = useMutation({
    mutationFn: (v: FormValues) => unwrap(client.saveCustomRule(toRule(v))),
    onSuccess: (data) => { queryClient.setQueryData(key, data); setEditing(null); void message.success('用药规则已保存并立即生效'); },
    onError: (e) => { const f = failureOf(e); setSaveError(f ? (f.kind === 'http' && f.issues?.length ? f.issues.map((i) => `${i.path}：${i.message}`).join('；') : describeFailure(f)) : String(e)); },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(client.deleteCustomRule(id)),
    onSuccess: (data) => { queryClient.setQueryData(key, data); void message.success('已删除'); },
    onError: (e) => void message.error(describeFailure(failureOf(e) ?? { kind: 'network', message: '' })),
  });

  const open = (v: FormValues | null) => {
    setSaveError(null);
    const values = v ?? ({ checkType: 'warning', level: 'caution', reviewCode: '2-9', sourceKind: 'regulation', enabled: true } as FormValues);
    setEditing(values);
    form.resetFields();
    form.setFieldsValue(values);
  };

  return (
    <Card size="small" title="自定义用药规则（叠加在当前规则包之上，保存即生效）" extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => open(null)} data-testid="custom-rule-new">新建规则</Button>}>
      <Table
        size="small" rowKey="id" dataSource={list.data?.rules ?? []} loading={list.isLoading} pagination={false} data-testid="custom-rules"
        locale={{ emptyText: '还没有自定义规则' }}
        columns={[
          { title: '编号', dataIndex: 'id' },
          { title: '标题', dataIndex: 'title' },
          { title: '审核类型', dataIndex: 'checkType', render: (c: Rule['checkType']) => CHECK_TYPES[c].zh },
          { title: '级别', dataIndex: 'level', render: (l: Level) => <Tag color={LEVEL_COLOR[l]}>{LEVEL_ZH[l]}</Tag> },
          { title: '点评编码', dataIndex: 'reviewCode' },
          { title: '机构范围', render: (_, r) => (r.institutionsOnly.length > 0 ? `仅 ${r.institutionsOnly.join('、')}` : r.institutionsExcept.length > 0 ? `除 ${r.institutionsExcept.join('、')}` : '全部') },
          { title: '状态', dataIndex: 'enabled', render: (e: boolean) => (e ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          {
            title: '操作', render: (_, r) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(toForm(r))}>编辑</Button>
                <Popconfirm title={`删除规则 ${r.title}？`} okText="删除" cancelText="取消" onConfirm={() => remove.mutate(r.id)}>
                  <Button size="small" danger>删除</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={editing?.id ? `编辑规则 ${editing.id}` : '新建用药规则'} open={editing !== null} width={920} onCancel={() => setEditing(null)}
        okText="保存并生效" cancelText="取消" onOk={() => form.submit()} okButtonProps={{ loading: save.isPending }} destroyOnHidden
      >
        {saveError ? <Alert type="error" showIcon title="规则无效" description={saveError} style={{ marginBottom: 12 }} data-testid="custom-rule-error" /> : null}
        <Form form={form} layout="vertical" size="small" onFinish={(v) => save.mutate(v)} data-testid="custom-rule-form">
          <Row gutter={12}>
            <Col span={8}><Form.Item name="id" label="规则编号" rules={[{ required: true, pattern: /^[a-z0-9-]+$/, message: '小写字母、数字和连字符' }]}><Input placeholder="如 outpatient-7-days" /></Form.Item></Col>
            <Col span={16}><Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}><Input /></Form.Item></Col>
            <Col span={8}><Form.Item name="checkType" label="审核类型" rules={[{ required: true }]}><Select showSearch optionFilterProp="label" options={Object.entries(CHECK_TYPES).map(([v, c]) => ({ value: v, label: c.zh }))} /></Form.Item></Col>
            <Col span={8}><Form.Item name="level" label="警示级别" rules={[{ required: true }]}><Select options={LEVELS.map((l) => ({ value: l, label: LEVEL_ZH[l] }))} /></Form.Item></Col>
            <Col span={8}><Form.Item name="reviewCode" label="点评编码" rules={[{ required: true }]}><Select showSearch optionFilterProp="label" options={(dict.data?.reviewCodes ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.zh}` }))} /></Form.Item></Col>
            <Col span={24}><Form.Item name="message" label={`提示语（可用占位符：${PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')}）`} rules={[{ required: true, message: '请填写提示语' }]}><Input /></Form.Item></Col>
            <Col span={12}><Form.Item name="why" label="原因" rules={[{ required: true, message: '请填写原因' }]}><Input.TextArea rows={2} /></Form.Item></Col>
            <Col span={12}><Form.Item name="action" label="处理建议" rules={[{ required: true, message: '请填写处理建议' }]}><Input.TextArea rows={2} /></Form.Item></Col>
            <Col span={24}><Form.Item name="doc" label="规则说明（一行）" rules={[{ required: true, message: '请填写规则说明' }]}><Input /></Form.Item></Col>
            <Col span={5}><Form.Item name="sourceKind" label="来源类型" rules={[{ required: true }]}><Select options={SOURCE_KINDS} /></Form.Item></Col>
            <Col span={11}><Form.Item name="sourceTitle" label="来源（法规、指南或说明书名称）" rules={[{ required: true, min: 2, message: '每条规则必须注明来源' }]}><Input placeholder="如 处方管理办法" /></Form.Item></Col>
            <Col span={8}><Form.Item name="sourceSection" label="条款/章节"><Input placeholder="如 第十九条" /></Form.Item></Col>
          </Row>
          <Divider titlePlacement="start" plain>触发条件（全部满足才触发；未知的患者信息不触发）</Divider>
          <Row gutter={12}>
            <Col span={12}><Form.Item name="drugs" label="药品编码"><Select {...tags} placeholder="如 gentamicin" /></Form.Item></Col>
            <Col span={12}><Form.Item name="classes" label="药物类别"><Select mode="multiple" showSearch optionFilterProp="label" options={(dict.data?.classes ?? []).map((c) => ({ value: c.id, label: c.zh }))} /></Form.Item></Col>
            <Col span={12}><Form.Item name="icd10" label="诊断 ICD-10（编码、前缀或范围如 I10-I15）"><Select {...tags} /></Form.Item></Col>
            <Col span={12}><Form.Item name="keywords" label="诊断关键词"><Select {...tags} /></Form.Item></Col>
            <Col span={4}><Form.Item name="ageMin" label="年龄 ≥（岁）"><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={4}><Form.Item name="ageMax" label="年龄 <（岁）"><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={4}><Form.Item name="weightMin" label="体重 ≥（kg）"><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={4}><Form.Item name="weightMax" label="体重 <（kg）"><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={4}><Form.Item name="sex" label="性别"><Select allowClear options={[{ value: 'male', label: '男' }, { value: 'female', label: '女' }]} /></Form.Item></Col>
            <Col span={4}><Form.Item name="pregnant" label="妊娠"><Select allowClear options={[{ value: 'yes', label: '妊娠期' }, { value: 'no', label: '非妊娠期' }]} /></Form.Item></Col>
            <Col span={8}><Form.Item name="visitTypes" label="就诊类型"><Select mode="multiple" options={VISIT_OPTIONS} /></Form.Item></Col>
            <Col span={4}><Form.Item name="daysMin" label="用药天数 ≥"><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={4}><Form.Item name="daysMax" label="用药天数 <"><InputNumber min={1} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={8}><Form.Item name="titles" label="医师职称"><Select {...tags} placeholder="如 住院医师" /></Form.Item></Col>
            <Col span={8}><Form.Item name="institutions" label="机构编码"><Select {...tags} /></Form.Item></Col>
            <Col span={8}><Form.Item name="departments" label="科室（名称包含）"><Select {...tags} /></Form.Item></Col>
          </Row>
          <Divider titlePlacement="start" plain>例外与机构白/黑名单</Divider>
          <Row gutter={12}>
            <Col span={12}><Form.Item name="unlessIcd10" label="豁免诊断 ICD-10（如慢病 I10-I15、E10-E14）"><Select {...tags} /></Form.Item></Col>
            <Col span={12}><Form.Item name="unlessKeywords" label="豁免诊断关键词"><Select {...tags} /></Form.Item></Col>
            <Col span={10}><Form.Item name="institutionsOnly" label="白名单：仅这些机构"><Select {...tags} /></Form.Item></Col>
            <Col span={10}><Form.Item name="institutionsExcept" label="黑名单：这些机构不适用"><Select {...tags} /></Form.Item></Col>
            <Col span={4}><Form.Item name="enabled" label="启用" valuePropName="checked"><Switch /></Form.Item></Col>
          </Row>
          <Typography.Text type="secondary">保存后立即在平台与所有工作站的审方中生效，并记入审计日志。</Typography.Text>
        </Form>
      </Modal>
    </Card>
  );
}
