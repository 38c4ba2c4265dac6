import type { Actor } from './actor.js';
import { AppError } from './errors.js';

/** One rule per action: may this actor do this to this record? */
export type PolicyRules<R, A extends string> = Record<A, (actor: Actor, record: R) => boolean>;

export type Policy<R, A extends string> = {
  can(actor: Actor, action: A, record: R): boolean;
  /** Throws 403 naming the action when the rule says no. */
  authorize(actor: Actor, action: A, record: R): void;
  /** Every action with its answer, returned with the record so the web app shows only what will work. */
  abilities(actor: Actor, record: R): Record<A, boolean>;
};

/**
 * A module's policy for one entity, in the spirit of Outline's `server/policies`: services call
 * `authorize` before a use-case and presenters attach `abilities` to what they return.
 */
export function definePolicy<R, A extends string>(entity: string, rules: PolicyRules<R, A>): Policy<R, A> {
  const actions = Object.keys(rules) as A[];
  return {
    can: (actor, action, record) => rules[action](actor, record),
    authorize(actor, action, record) {
      if (!rules[action](actor, record)) throw new AppError('forbidden', { detail: `not allowed: ${entity}.${action}` });
    },
    abilities: (actor, record) => Object.fromEntries(actions.map((a) => [a, rules[a](actor, record)])) as Record<A, boolean>,
  };
}
