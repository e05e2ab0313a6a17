/** The class ids of each order's drug (resolved as the engine resolves it), for plan policies such as second review by drug class. */
import type { ReviewRequest } from '../domain/review-request';
import { classesOf, resolveDrug, type IndexedKb } from '../knowledge/indexed';

export function orderClassIds(kb: IndexedKb, req: Pick<ReviewRequest, 'orders'>): string[][] {
  return req.orders.map((o) => {
    const d = resolveDrug(kb, o);
    return d ? [...classesOf(kb, d.id)] : [];
  });
}
