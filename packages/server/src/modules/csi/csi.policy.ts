import { type Actor, isCarMaker } from '../../platform/actor.js';
import { definePolicy } from '../../platform/policy.js';
import { rolesGrant } from '../../platform/rbac.js';

/** What the rule needs of a questionnaire: whose it is (null: the car maker's, for the whole network). */
export type QuestionnaireRecord = { dealer_id: string | null };

const owner = (actor: Actor, questionnaire: QuestionnaireRecord) =>
  questionnaire.dealer_id === null ? isCarMaker(actor) : questionnaire.dealer_id === actor.dealerId;

/** Who may change a questionnaire: the dealer's managers for their own, the car maker's admin for the network's. */
export const questionnairePolicy = definePolicy('questionnaire', {
  edit: (actor: Actor, questionnaire: QuestionnaireRecord) => rolesGrant(actor.roles, 'csi.manage') && owner(actor, questionnaire),
});
