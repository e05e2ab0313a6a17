import type { CheckType } from '../../domain/check-types';
import type { Finding } from '../../domain/finding';
import type { CheckContext } from '../context';

/** One module per check type family; `types` lists the check types it can emit. */
export interface Check {
  readonly id: string;
  readonly types: readonly CheckType[];
  /** One line on what it checks and from which facts (docs and rule listings). */
  readonly doc: string;
  readonly run: (ctx: CheckContext) => readonly Finding[];
}
