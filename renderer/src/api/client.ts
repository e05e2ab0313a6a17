import { z } from 'zod';
import {
  apiErrorSchema,
  commandOutcomeSchema,
  decisionCommandSchema,
  doctorActionResultSchema,
  doctorListSchema,
  doctorReplyResultSchema,
  leaseResponseSchema,
  loginResponseSchema,
  taskDetailSchema,
  taskChangesSchema,
  taskListSchema,
  userSchema,
  type ApiError,
  type CommandOutcome,
  type DecisionCommand,
  type DoctorActionResult,
  type DoctorDoubleSignRequest,
  type DoctorList,
  type DoctorReplyRequest,
  type LeaseResponse,
  type LoginRequest,
  type LoginResponse,
  type TaskDetail,
  type TaskChanges,
  type TaskList,
  type User,
} from '../../../app/sync/api';
import {
  overridesSavedSchema,
  patient360Schema,
  quickReplyListSchema,
  quickReplySchema,
  type OverridesRequest,
  type Patient360,
  type QuickReply,
  type QuickReplyInput,
  type QuickReplyList,
} from '../../../app/sync/api';
import {
  customRuleListSchema, dictionariesSchema, packDiffSchema, packSummarySchema, rulePackListSchema, rulePackRowSchema, shadowReportSchema,
} from '../../../app/contracts/rule-pack-admin';
import type { RuleInput } from '../../../app/knowledge/rules';
import { reviewPlanListSchema, reviewPlanSchema, type ReviewPlanInput } from '../../../app/contracts/review-plan-admin';

/** Every way a platform call can fail, each mapped to a user action by the caller. */
export type ApiFailure =
  | { readonly kind: 'http'; readonly status: number; readonly error: string; readonly message: string; readonly issues: ApiError['issues'] }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'invalid-response'; readonly status: number; readonly message: string };

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: ApiFailure };

/** The Error thrown to react-query: it carries the failure union for the UI. */
export interface ApiRequestError extends Error {
  readonly failure: ApiFailure;
}

export function apiRequestError(failure: ApiFailure): ApiRequestError {
  return Object.assign(new Error(failure.message), { name: 'ApiRequestError', failure });
}

export function failureOf(error: unknown): ApiFailure | null {
  if (error instanceof Error && 'failure' in error) return (error as ApiRequestError).failure;
  return null;
}

export type TaskScope = 'open' | 'done';

export interface ApiClientConfig {
  readonly baseUrl: string;
  readonly getToken: () => string | null;
  /** An authenticated call came back 401: the session expired or was revoked. */
  readonly onUnauthorized?: () => void;
  readonly fetch?: typeof fetch;
}

interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  /** Lets an unload handler release a lease while the page goes away. */
  readonly keepalive?: boolean;
}

export function describeFailure(failure: ApiFailure): string {
  switch (failure.kind) {
    case 'network':
      return '无法连接审方平台，请检查网络';
    case 'invalid-response':
      return '审方平台返回的数据格式不正确，请联系信息科';
    case 'http':
      return failure.message || `请求失败（${failure.status}）`;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createApiClient(config: ApiClientConfig) {
  const doFetch = config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function send(path: string, options: RequestOptions): Promise<ApiResult<Response>> {
    const token = config.getToken();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${config.baseUrl}${path}`, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        keepalive: options.keepalive,
      });
    } catch (cause) {
      return { ok: false, failure: { kind: 'network', message: cause instanceof Error ? cause.message : String(cause) } };
    }
    if (response.ok) return { ok: true, value: response };
    const body = apiErrorSchema.safeParse(await readJson(response));
    if (response.status === 401 && token !== null) config.onUnauthorized?.();
    if (!body.success) {
      return { ok: false, failure: { kind: 'http', status: response.status, error: `http-${response.status}`, message: `请求失败（${response.status}）`, issues: undefined } };
    }
    return { ok: false, failure: { kind: 'http', status: response.status, error: body.data.error, message: body.data.message, issues: body.data.issues } };
  }

  async function request<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<ApiResult<z.infer<S>>> {
    const sent = await send(path, options);
    if (!sent.ok) return sent;
    const parsed = schema.safeParse(await readJson(sent.value));
    if (!parsed.success) {
      return { ok: false, failure: { kind: 'invalid-response', status: sent.value.status, message: `${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}` } };
    }
    return { ok: true, value: parsed.data };
  }

  async function requestEmpty(path: string, options: RequestOptions): Promise<ApiResult<null>> {
    const sent = await send(path, options);
    return sent.ok ? { ok: true, value: null } : sent;
  }

  const id = (taskId: string) => encodeURIComponent(taskId);

  return {
    baseUrl: config.baseUrl,
    login: (body: LoginRequest): Promise<ApiResult<LoginResponse>> => request('/api/auth/login', loginResponseSchema, { method: 'POST', body }),
    logout: (): Promise<ApiResult<null>> => requestEmpty('/api/auth/logout', { method: 'POST' }),
    me: (): Promise<ApiResult<User>> => request('/api/me', userSchema),
    // Rule packs (issue 6): the workstation verifies the signed artifact itself (fail-closed).
    rulePackSummary: () => request('/api/rule-pack/active/summary', packSummarySchema),
    rulePackArtifact: () => request('/api/rule-pack/active/artifact', z.unknown()),
    rulePacks: () => request('/api/rule-packs', rulePackListSchema),
    reportPackFailure: (report: { packId: string | null; revision: number | null; reason: string; message: string }) => requestEmpty('/api/rule-pack/failures', { method: 'POST', body: report }),
    uploadRulePack: (artifact: unknown, fileName: string) => request(`/api/rule-packs?fileName=${encodeURIComponent(fileName)}`, rulePackRowSchema, { method: 'POST', body: artifact }),
    rulePackDiff: (packRowId: string) => request(`/api/rule-packs/${encodeURIComponent(packRowId)}/diff`, packDiffSchema),
    shadowRun: (packRowId: string, days: number) => request(`/api/rule-packs/${encodeURIComponent(packRowId)}/shadow-run`, shadowReportSchema, { method: 'POST', body: { days } }),
    publishRulePack: (packRowId: string) => request(`/api/rule-packs/${encodeURIComponent(packRowId)}/publish`, packSummarySchema, { method: 'POST', body: {} }),
    rollbackRulePack: (reason: string) => request('/api/rule-packs/rollback', packSummarySchema, { method: 'POST', body: { reason } }),
    customRules: () => request('/api/custom-rules', customRuleListSchema),
    saveCustomRule: (rule: RuleInput) => request('/api/custom-rules', customRuleListSchema, { method: 'POST', body: rule }),
    dictionaries: () => request('/api/dictionaries', dictionariesSchema),
    reviewPlans: () => request('/api/review-plans', reviewPlanListSchema),
    saveReviewPlan: (id: string, plan: ReviewPlanInput) => request(`/api/review-plans/${encodeURIComponent(id)}`, reviewPlanSchema, { method: 'POST', body: plan }),
    deleteCustomRule: (id: string) => request(`/api/custom-rules/${encodeURIComponent(id)}`, customRuleListSchema, { method: 'DELETE' }),
    tasks: (scope: TaskScope, limit?: number): Promise<ApiResult<TaskList>> => request(`/api/tasks?scope=${scope}${limit === undefined ? '' : `&limit=${limit}`}`, taskListSchema),
    taskChanges: (scope: TaskScope, since: number): Promise<ApiResult<TaskChanges>> => request(`/api/tasks/changes?scope=${scope}&since=${since}`, taskChangesSchema),
    task: (taskId: string): Promise<ApiResult<TaskDetail>> => request(`/api/tasks/${id(taskId)}`, taskDetailSchema),
    lease: (taskId: string): Promise<ApiResult<LeaseResponse>> => request(`/api/tasks/${id(taskId)}/lease`, leaseResponseSchema, { method: 'POST' }),
    releaseLease: (taskId: string, options: { keepalive?: boolean } = {}): Promise<ApiResult<null>> =>
      requestEmpty(`/api/tasks/${id(taskId)}/lease`, { method: 'DELETE', keepalive: options.keepalive ?? false }),
    patient360: (patientId: string): Promise<ApiResult<Patient360>> => request(`/api/patients/${encodeURIComponent(patientId)}/360`, patient360Schema),
    quickReplies: (): Promise<ApiResult<QuickReplyList>> => request('/api/quick-replies', quickReplyListSchema),
    createQuickReply: (body: QuickReplyInput): Promise<ApiResult<QuickReply>> => request('/api/quick-replies', quickReplySchema, { method: 'POST', body }),
    updateQuickReply: (replyId: string, body: QuickReplyInput): Promise<ApiResult<QuickReply>> => request(`/api/quick-replies/${encodeURIComponent(replyId)}`, quickReplySchema, { method: 'PUT', body }),
    deleteQuickReply: (replyId: string): Promise<ApiResult<null>> => requestEmpty(`/api/quick-replies/${encodeURIComponent(replyId)}`, { method: 'DELETE' }),
    reorderQuickReplies: (ids: readonly string[]): Promise<ApiResult<QuickReplyList>> => request('/api/quick-replies/order', quickReplyListSchema, { method: 'PUT', body: { ids } }),
    saveOverrides: (taskId: string, body: OverridesRequest): Promise<ApiResult<{ saved: number }>> => request(`/api/tasks/${id(taskId)}/overrides`, overridesSavedSchema, { method: 'PUT', body }),
    doctorPrescriptions: (filter: 'inbox' | 'all'): Promise<ApiResult<DoctorList>> => request(`/api/doctor/prescriptions?filter=${filter}`, doctorListSchema),
    doctorReply: (prescriptionId: string, body: DoctorReplyRequest): Promise<ApiResult<{ id: string; at: string }>> =>
      request(`/api/doctor/prescriptions/${id(prescriptionId)}/reply`, doctorReplyResultSchema, { method: 'POST', body }),
    doctorDoubleSign: (prescriptionId: string, body: DoctorDoubleSignRequest): Promise<ApiResult<DoctorActionResult>> =>
      request(`/api/doctor/prescriptions/${id(prescriptionId)}/double-sign`, doctorActionResultSchema, { method: 'POST', body }),
    sendCommand: (command: DecisionCommand): Promise<ApiResult<CommandOutcome>> => {
      // Validate before sending so a missing reason is caught here, in Chinese, not as a 400.
      const checked = decisionCommandSchema.safeParse(command);
      if (!checked.success) {
        const issues = checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        return Promise.resolve({ ok: false, failure: { kind: 'http', status: 400, error: 'invalid', message: issues[0]?.message ?? '提交内容无效', issues } });
      }
      return request('/api/commands', commandOutcomeSchema, { method: 'POST', body: checked.data });
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** For react-query: a failed result becomes a thrown ApiRequestError. */
export async function unwrap<T>(result: Promise<ApiResult<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw apiRequestError(r.failure);
  return r.value;
}
