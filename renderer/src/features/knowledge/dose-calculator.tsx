/**
 * 剂量计算: mg/kg and per-m² (Mosteller BSA) doses with explicit units, and renal function by
 * Cockcroft–Gault against the chosen drug's renal bands in the local pack.
 */
import { Alert, Divider, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { bsaMosteller, COCKCROFT_GAULT_SOURCE, creatinineClearance, describeDoseLimit, MOSTELLER_SOURCE, renalAdvice, scaledDose, type CreatinineInput } from '../../../../app/engine/lookup';
import { round } from '../../../../app/engine/normalize/units';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import { LIMIT_UNITS, type Drug } from '../../../../app/knowledge/schema';
import { SourceLine } from '../../shared/knowledge/monograph-view';
import { LevelTag } from '../../shared/level-tag';

const num = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : v);

export function DoseCalculator(props: { kb: IndexedKb; drug: Drug | null }) {
  const [weightKg, setWeight] = useState<number | null>(70);
  const [heightCm, setHeight] = useState<number | null>(170);
  const [ageYears, setAge] = useState<number | null>(65);
  const [sex, setSex] = useState<'male' | 'female'>('male');
  const [scr, setScr] = useState<number | null>(100);
  const [scrUnit, setScrUnit] = useState<CreatinineInput['unit']>('μmol/L');
  const [perValue, setPerValue] = useState<number | null>(10);
  const [perUnit, setPerUnit] = useState<string>('mg');
  const [basis, setBasis] = useState<'kg' | 'm2'>('kg');

  const w = num(weightKg);
  const h = num(heightCm);
  const bsa = w !== null && h !== null && w > 0 && h > 0 ? bsaMosteller(h, w) : null;
  const dose = num(perValue) === null ? null : basis === 'kg' ? (w === null ? null : scaledDose({ value: perValue!, unit: perUnit }, { kind: 'kg', weightKg: w })) : bsa === null ? null : scaledDose({ value: perValue!, unit: perUnit }, { kind: 'm2', bsa });
  const crcl = num(ageYears) !== null && w !== null && num(scr) !== null ? creatinineClearance({ ageYears: ageYears!, weightKg: w, sex, creatinine: { value: scr!, unit: scrUnit } }) : null;
  const advice = props.drug !== null && crcl !== null && crcl.ok ? renalAdvice(props.drug, crcl.value) : [];
  const perKgLimits = props.drug?.doses.filter((l) => l.perKg) ?? [];

  return (
    <div data-testid="dose-calculator">
      <Form layout="inline" size="small" className="yd-calc-form">
        <Form.Item label="体重">
          <InputNumber value={weightKg} min={0.5} max={300} step={0.5} onChange={setWeight} suffix="kg" data-testid="calc-weight" />
        </Form.Item>
        <Form.Item label="身高">
          <InputNumber value={heightCm} min={30} max={250} onChange={setHeight} suffix="cm" data-testid="calc-height" />
        </Form.Item>
        <Form.Item label="年龄">
          <InputNumber value={ageYears} min={0} max={120} onChange={setAge} suffix="岁" data-testid="calc-age" />
        </Form.Item>
        <Form.Item label="性别">
          <Select value={sex} onChange={setSex} options={[{ value: 'male', label: '男' }, { value: 'female', label: '女' }]} style={{ width: 64 }} data-testid="calc-sex" />
        </Form.Item>
      </Form>
      <div className="yd-calc-result" data-testid="calc-bsa">
        体表面积（Mosteller）：<b>{bsa === null ? '—' : `${round(bsa, 2)} m²`}</b>
        <div className="yd-muted">BSA = √(身高 cm × 体重 kg / 3600)；<SourceLine source={MOSTELLER_SOURCE} /></div>
      </div>
      <Divider size="small" />
      <Space wrap>
        <span>按</span>
        <InputNumber value={perValue} min={0} onChange={setPerValue} data-testid="calc-per-value" />
        <Select value={perUnit} onChange={setPerUnit} options={LIMIT_UNITS.map((u) => ({ value: u, label: u }))} style={{ width: 80 }} aria-label="剂量单位" />
        <Select value={basis} onChange={setBasis} options={[{ value: 'kg', label: '/kg 体重' }, { value: 'm2', label: '/m² 体表面积' }]} style={{ width: 130 }} aria-label="计算基准" />
      </Space>
      <div className="yd-calc-result" data-testid="calc-dose">
        {dose === null ? <Typography.Text type="secondary">请填写剂量与体重/身高</Typography.Text> : dose.ok ? <b>{dose.value.text}</b> : <Typography.Text type="danger">{dose.message}</Typography.Text>}
      </div>
      {perKgLimits.length > 0 ? (
        <div className="yd-muted">
          {props.drug!.nameZh} 按体重给药的限量：
          {perKgLimits.map((l, i) => (
            <div key={i}>
              {describeDoseLimit(l)} <SourceLine source={l.source} />
            </div>
          ))}
        </div>
      ) : null}
      <Divider size="small" />
      <Space wrap>
        <span>血肌酐</span>
        <InputNumber value={scr} min={0} onChange={setScr} data-testid="calc-scr" />
        <Select value={scrUnit} onChange={setScrUnit} options={[{ value: 'μmol/L', label: 'μmol/L' }, { value: 'mg/dL', label: 'mg/dL' }]} style={{ width: 100 }} aria-label="肌酐单位" />
      </Space>
      <div className="yd-calc-result" data-testid="calc-crcl">
        {crcl === null ? (
          <Typography.Text type="secondary">请填写年龄、体重与血肌酐</Typography.Text>
        ) : crcl.ok ? (
          <b>Cockcroft–Gault 估算 CrCl：{round(crcl.value, 1)} mL/min</b>
        ) : (
          <Typography.Text type="danger">{crcl.message}</Typography.Text>
        )}
        <div className="yd-muted">
          CrCl = (140 − 年龄) × 体重 × (女性 0.85) / (72 × Scr mg/dL)，1 mg/dL = 88.4 μmol/L；<SourceLine source={COCKCROFT_GAULT_SOURCE} />
        </div>
      </div>
      {props.drug !== null && crcl !== null && crcl.ok ? (
        advice.length === 0 ? (
          <Alert type="success" showIcon title={`${props.drug.nameZh}：该肾功能水平下知识库无剂量限制${props.drug.renal.length === 0 ? '（未收录肾功能分段）' : ''}`} data-testid="calc-renal-ok" />
        ) : (
          <div data-testid="calc-renal-advice">
            {advice.map((r, i) => (
              <Alert
                key={i}
                type={r.level === 'contraindicated' ? 'error' : 'warning'}
                showIcon
                style={{ marginBottom: 4 }}
                title={
                  <span>
                    <LevelTag level={r.level} /> {props.drug!.nameZh}（CrCl &lt; {r.egfrBelow}）：{r.note}
                  </span>
                }
                description={<SourceLine source={r.source} />}
              />
            ))}
          </div>
        )
      ) : null}
    </div>
  );
}
