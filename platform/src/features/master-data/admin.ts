import type { FastifyRequest } from 'fastify';
import type { User } from '../../../../app/sync/api';
import type { Db } from '../../db/db';
import { HttpError } from '../../http/errors';
import { bearer, userForToken } from '../auth/service';

/**
 * The data-center administration (master data, code mapping, EMPI stewardship) is the
 * admin's function; pharmacists, doctors, QA and supervisors get 403.
 */
export async function requireAdmin(db: Db, req: FastifyRequest): Promise<User> {
  const token = bearer(req.headers.authorization);
  const user = token ? await userForToken(db, token) : null;
  if (!user) throw new HttpError(401, 'unauthorized', '未登录或会话已过期，请重新登录');
  if (user.role !== 'admin') throw new HttpError(403, 'forbidden', '仅管理员可维护主数据、编码对照和患者主索引');
  return user;
}

export const adminTags = ['数据中心管理'];
