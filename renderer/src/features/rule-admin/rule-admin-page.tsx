/** The admin's screen: rule packs, custom rules, review plans, dictionaries (issue 6). */
import { Tabs } from 'antd';
import { CustomRulesTab } from './custom-rules-tab';
import { DictionariesTab } from './dictionaries-tab';
import { PacksTab } from './packs-tab';
import { ReviewPlansTab } from './review-plans-tab';

export function RuleAdminPage() {
  return (
    <div className="yd-admin" data-testid="rule-admin">
      <Tabs
        defaultActiveKey="packs"
        items={[
          { key: 'packs', label: '规则包', children: <PacksTab /> },
          { key: 'rules', label: '用药规则管理', children: <CustomRulesTab /> },
          { key: 'plans', label: '审方方案', children: <ReviewPlansTab /> },
          { key: 'dicts', label: '审方字典', children: <DictionariesTab /> },
        ]}
      />
    </div>
  );
}
