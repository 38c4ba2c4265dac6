import {
  campaignDetailSchema,
  campaignInputSchema,
  campaignListSchema,
  campaignSchema,
  campaignWorkSchema,
  claimApproveSchema,
  claimCreateSchema,
  claimDetailSchema,
  claimListSchema,
  claimPatchSchema,
  claimQuerySchema,
  claimRejectSchema,
  claimReturnSchema,
  claimSubmitSchema,
  partsReceiveSchema,
  partsShipSchema,
  roWarrantySchema,
  sanbaoDecisionInputSchema,
  sanbaoStandingSchema,
  sanbaoWatchSchema,
  vehicleCampaignsSchema,
  warrantyAnalysisQuerySchema,
  warrantyAnalysisSchema,
  warrantyCheckInputSchema,
  warrantyCheckSchema,
  warrantyCoverageSchema,
  warrantyPolicyInputSchema,
  warrantyPolicyListSchema,
  warrantyPolicySchema,
  warrantySettingsPatchSchema,
  warrantySettingsSchema,
  warrantySettlementQuerySchema,
  warrantySettlementSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['warranty'];
const detail = { 200: claimDetailSchema };

export const warrantyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { warranty, campaigns, sanbao } = app.services;

  app.get(
    '/vehicles/:id/sanbao',
    {
      schema: {
        tags,
        summary: 'The car against the 三包 thresholds: repair days, same-defect and major-part repairs in its period, and its case',
        params,
        response: { 200: sanbaoStandingSchema },
      },
    },
    (r) => sanbao.standing(actorOf(r), r.params.id),
  );
  app.post(
    '/vehicles/:id/sanbao/decision',
    {
      schema: {
        tags,
        summary: "Decide the car's open 三包 case: continue repairing, replace or take back",
        params,
        body: sanbaoDecisionInputSchema,
        response: { 200: sanbaoStandingSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.sanbao.decide(actorOf(r), r.params.id, r.body)),
  );
  app.get(
    '/warranty/sanbao',
    {
      schema: {
        tags,
        summary: 'The 三包 cases: cars near or at a threshold (open first), with their decisions',
        querystring: z.object({ dealerId: z.uuid().optional() }),
        response: { 200: sanbaoWatchSchema },
      },
    },
    (r) => sanbao.watch(actorOf(r), r.query),
  );

  app.get(
    '/warranty/campaigns',
    {
      schema: {
        tags,
        summary: "Recalls and service campaigns with their completion (a dealer's: those naming its cars, its figures)",
        querystring: z.object({ dealerId: z.uuid().optional() }),
        response: { 200: campaignListSchema },
      },
    },
    (r) => campaigns.list(actorOf(r), r.query),
  );
  app.post(
    '/warranty/campaigns',
    {
      schema: {
        tags,
        summary: 'Launch a campaign on a list of VINs (every bad row named) or a rule; the dealers get invitation calls',
        body: campaignInputSchema,
        response: { 201: campaignSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.campaigns.create(actorOf(r), r.body)),
  );
  app.get(
    '/warranty/campaigns/:id',
    { schema: { tags, summary: 'Completion by dealer and the cars still to do', params, response: { 200: campaignDetailSchema } } },
    (r) => campaigns.get(actorOf(r), r.params.id),
  );
  app.get(
    '/vehicles/:id/campaigns',
    { schema: { tags, summary: 'The campaigns naming a car, open ones first', params, response: { 200: vehicleCampaignsSchema } } },
    (r) => campaigns.ofVehicle(actorOf(r), r.params.id),
  );
  app.post(
    '/repair-orders/:id/campaign-work',
    {
      schema: {
        tags,
        summary: "Record a campaign's work on a finished order: completes it for the car (once, network-wide) and raises its claim",
        params,
        body: campaignWorkSchema,
        response: { 201: claimDetailSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.warranty.recordCampaignWork(actorOf(r), r.params.id, r.body)),
  );

  app.get(
    '/warranty/policies',
    { schema: { tags, summary: "The car maker's warranty policies, every version", response: { 200: warrantyPolicyListSchema } } },
    (r) => warranty.listPolicies(actorOf(r)),
  );
  app.post(
    '/warranty/policies',
    {
      schema: {
        tags,
        summary: "A new version of a model's warranty policy (car maker only), in force for vehicles sold from its day",
        body: warrantyPolicyInputSchema,
        response: { 201: warrantyPolicySchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.warranty.createPolicy(actorOf(r), r.body)),
  );
  app.get('/warranty/settings', { schema: { tags, response: { 200: warrantySettingsSchema } } }, (r) => warranty.settings(actorOf(r)));
  app.patch(
    '/warranty/settings',
    {
      schema: {
        tags,
        summary: 'Labour rate, submission window (car maker only)',
        body: warrantySettingsPatchSchema,
        response: { 200: warrantySettingsSchema },
      },
    },
    (r) => warranty.updateSettings(actorOf(r), r.body),
  );
  app.get(
    '/vehicles/:id/warranty',
    {
      schema: {
        tags,
        summary: 'What still covers the car: each term with its end, or what ended it',
        params,
        response: { 200: warrantyCoverageSchema },
      },
    },
    (r) => warranty.vehicleCoverage(actorOf(r), r.params.id),
  );
  app.get(
    '/repair-orders/:id/warranty',
    { schema: { tags, summary: "The order's coverage, eligibility checks and claims", params, response: { 200: roWarrantySchema } } },
    (r) => warranty.orderWarranty(actorOf(r), r.params.id),
  );
  app.post(
    '/repair-orders/:id/warranty-checks',
    {
      schema: {
        tags,
        summary: "The warranty clerk's eligibility check of the repair under one term (recorded with its answer)",
        params,
        body: warrantyCheckInputSchema,
        response: { 201: warrantyCheckSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.warranty.checkEligibility(actorOf(r), r.params.id, r.body)),
  );
  app.get(
    '/warranty/claims',
    {
      schema: {
        tags,
        summary: "Claims: a dealer's own; the car maker's across the network (status=submitted: the reviewer's queue, oldest first)",
        querystring: claimQuerySchema,
        response: { 200: claimListSchema },
      },
    },
    (r) => warranty.listClaims(actorOf(r), r.query),
  );
  app.post(
    '/warranty/claims',
    {
      schema: {
        tags,
        summary: 'Prepare a draft claim from a finished warranty repair',
        body: claimCreateSchema,
        response: { 201: claimDetailSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.warranty.prepareClaim(actorOf(r), r.body)),
  );
  app.get('/warranty/claims/:id', { schema: { tags, params, response: detail } }, (r) => warranty.getClaim(actorOf(r), r.params.id));
  app.patch(
    '/warranty/claims/:id',
    { schema: { tags, summary: 'Edit a draft or returned claim', params, body: claimPatchSchema, response: detail } },
    (r) => warranty.updateClaim(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/warranty/claims/:id/submit',
    { schema: { tags, summary: 'Submit to the car maker', params, body: claimSubmitSchema, response: detail } },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.warranty.submitClaim(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/warranty/claims/:id/approve',
    { schema: { tags, summary: 'Approve, adjusting lines with a reason each', params, body: claimApproveSchema, response: detail } },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.warranty.approveClaim(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/warranty/claims/:id/reject',
    { schema: { tags, summary: 'Reject with a reason code', params, body: claimRejectSchema, response: detail } },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.warranty.rejectClaim(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/warranty/claims/:id/parts-shipped',
    {
      schema: {
        tags,
        summary: 'The dealer ships the replaced parts the car maker asked for (旧件返还)',
        params,
        body: partsShipSchema,
        response: detail,
      },
    },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.warranty.shipParts(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/warranty/claims/:id/parts-received',
    {
      schema: {
        tags,
        summary: "The car maker's claims centre confirms receipt and inspection",
        params,
        body: partsReceiveSchema,
        response: detail,
      },
    },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.warranty.receiveParts(actorOf(r), r.params.id, r.body)),
  );
  app.get(
    '/warranty/analysis',
    {
      schema: {
        tags,
        summary: 'Claims and amounts by dealer, model, causal part (Pareto) and failure; rejection, timeliness, cost per vehicle',
        querystring: warrantyAnalysisQuerySchema,
        response: { 200: warrantyAnalysisSchema },
      },
    },
    (r) => warranty.analysis(actorOf(r), r.query),
  );
  app.get(
    '/warranty/settlements',
    {
      schema: {
        tags,
        summary: "A month's settlement per dealer: approved claims credited, late parts charged back",
        querystring: warrantySettlementQuerySchema,
        response: { 200: warrantySettlementSchema },
      },
    },
    (r) => warranty.settlement(actorOf(r), r.query),
  );
  app.get(
    '/warranty/settlements.xlsx',
    { schema: { tags, summary: 'The settlement as an Excel workbook for finance', querystring: warrantySettlementQuerySchema } },
    async (r, reply) => {
      const { filename, buffer } = await warranty.settlementXlsx(actorOf(r), r.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(buffer);
    },
  );
  app.post(
    '/warranty/claims/:id/return',
    { schema: { tags, summary: 'Return to the dealer for information', params, body: claimReturnSchema, response: detail } },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.warranty.returnClaim(actorOf(r), r.params.id, r.body)),
  );
};
