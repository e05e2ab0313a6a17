/** Rule-pack distribution to workstations: the active pack's manifest and files. */
import type { FastifyInstance } from 'fastify';
import type { ReviewDeps } from '../review/service';
import { currentUser } from '../workstation/routes';

export function registerRulePackRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.get('/api/rule-pack/active', { schema: { tags: ['规则包'], summary: '当前生效的规则包（清单与文件，供工作站本地审方与知识查询）' } }, async (req) => {
    await currentUser(deps, req);
    return deps.activePack();
  });
}
