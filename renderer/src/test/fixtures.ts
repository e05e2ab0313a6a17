import type { StoredSession, WorkstationHost } from '../../../app/contracts/host';
import {
  commandOutcomeSchema,
  leaseResponseSchema,
  liveEventSchema,
  taskDetailSchema,
  taskListSchema,
  taskSummarySchema,
  userSchema,
  type CommandOutcome,
  type Counters,
  type LeaseResponse,
  type LiveEvent,
  type TaskDetail,
  type TaskList,
  type TaskSummary,
  type User,
} from '../../../app/sync/api';

/* Builders for MSW handlers: every body goes through the contract's schema, so a change in
   app/sync/api.ts that the fixtures do not follow fails the tests instead of hiding. */

export const BASE_URL = 'http://platform.test';

export function user(overrides: Partial<User> = {}): User {
  return userSchema.parse({
    id: 'u-1',
    username: 'yaoshi1',
    displayName: '王药师',
    role: 'pharmacist',
    institutionId: 'inst-county',
    institutionName: '县人民医院',
    ...overrides,
  });
}

export function taskSummary(overrides: Partial<TaskSummary> & { id: string }): TaskSummary {
  const now = Date.now();
  return taskSummarySchema.parse({
    prescriptionId: `rx-${overrides.id}`,
    prescriptionNo: `CF${overrides.id.toUpperCase()}`,
    version: 1,
    status: 'pending',
    institutionName: '城关镇卫生院',
    departmentName: '全科',
    doctorName: '李医生',
    patientName: '张三',
    patientSex: '男',
    patientAge: '45',
    maxLevel: 'caution',
    findingCount: 1,
    topSummary: '阿司匹林与氯吡格雷联用，出血风险增加',
    createdAt: new Date(now - 60_000).toISOString(),
    deadline: new Date(now + 240_000).toISOString(),
    leasedBy: null,
    leaseUntil: null,
    decidedAt: null,
    ...overrides,
  });
}

export const COUNTERS: Counters = { pending: 3, reviewed: 17, rejected: 4, doubleSigned: 2 };

export function taskList(tasks: TaskSummary[], counters: Counters = COUNTERS): TaskList {
  return taskListSchema.parse({ tasks, counters, cursor: 42 });
}

export function taskDetail(task: TaskSummary, overrides: Partial<Omit<TaskDetail, 'task'>> = {}): TaskDetail {
  return taskDetailSchema.parse({
    task,
    prescription: {
      visitType: '门诊',
      prescribedAt: task.createdAt,
      doctorTitle: '主治医师',
      institutionLevel: '一级',
      items: [
        { ref: 'o1', name: '辛伐他汀片', dose: '40 mg', frequency: 'qn', route: '口服', days: 7, quantity: '1盒', group: null },
        { ref: 'o2', name: '克拉霉素片', dose: '0.5 g', frequency: 'bid', route: '口服', days: 7, quantity: '2盒', group: null },
      ],
    },
    patient: {
      name: task.patientName,
      sex: task.patientSex,
      age: task.patientAge,
      weightKg: 68,
      diagnoses: [
        { code: 'E78.501', name: '高脂血症' },
        { code: 'J20.900', name: '急性支气管炎' },
      ],
      allergies: ['青霉素'],
      labs: [{ name: 'eGFR', value: '85', unit: 'mL/min/1.73m²' }],
    },
    findings: [
      {
        id: 'f-info',
        checkType: 'warning',
        level: 'info',
        ruleId: 'warning:statin-myopathy',
        reviewCode: '2-9',
        orders: ['o1'],
        summary: '他汀类药物注意肌病风险',
        what: '辛伐他汀可致肌病',
        why: '说明书警示',
        action: '告知患者出现肌痛及时就诊',
        sources: [{ kind: 'label', title: '辛伐他汀片说明书', section: '【注意事项】' }],
        facts: ['辛伐他汀 40 mg qn'],
      },
      {
        id: 'f-ci',
        checkType: 'interaction',
        level: 'contraindicated',
        ruleId: 'interaction:simvastatin+strong-cyp3a4-inhibitors',
        reviewCode: '2-8',
        orders: ['o1', 'o2'],
        summary: '辛伐他汀与克拉霉素禁止合用',
        what: '克拉霉素为强效 CYP3A4 抑制剂',
        why: '辛伐他汀血药浓度显著升高，横纹肌溶解风险',
        action: '更换为阿奇霉素或暂停辛伐他汀',
        sources: [{ kind: 'label', title: '辛伐他汀片说明书', section: '【禁忌】' }],
        facts: ['辛伐他汀 40 mg qn', '克拉霉素 0.5 g bid'],
      },
    ],
    packRevision: 7,
    history: [
      { at: task.createdAt, version: 1, status: 'pending', actor: null, reason: null },
    ],
    ...overrides,
  });
}

export function lease(body: LeaseResponse): LeaseResponse {
  return leaseResponseSchema.parse(body);
}

export function outcome(body: CommandOutcome): CommandOutcome {
  return commandOutcomeSchema.parse(body);
}

export function liveEvent(body: LiveEvent): LiveEvent {
  return liveEventSchema.parse(body);
}

export function memoryHost(initial: StoredSession | null = null): WorkstationHost & { session: StoredSession | null; notified: string[] } {
  const host = {
    session: initial,
    notified: [] as string[],
    info: async () => ({ kind: 'web' as const, version: 'test', platform: 'jsdom' }),
    platformBaseUrl: async () => BASE_URL,
    loadSession: async () => host.session,
    saveSession: async (s: StoredSession | null) => {
      host.session = s;
    },
    notify: async (title: string, body: string) => {
      host.notified.push(`${title}: ${body}`);
      return true;
    },
  };
  return host;
}

export const SIGNED_IN: StoredSession = { token: 'tok-1', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), userId: 'u-1' };
