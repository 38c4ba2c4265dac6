import {
  acceptanceInputSchema,
  assignDealerInputSchema,
  assignHandlerInputSchema,
  closeInputSchema,
  communicationInputSchema,
  complaintAnalysisQuerySchema,
  complaintAnalysisSchema,
  complaintBookedSchema,
  complaintBookingSchema,
  complaintDetailSchema,
  complaintInputSchema,
  complaintListSchema,
  complaintPatchSchema,
  complaintQuerySchema,
  complaintSettingsPatchSchema,
  complaintSettingsSchema,
  complaintStaffSchema,
  deadlineInputSchema,
  handoverInputSchema,
  networkComplaintInputSchema,
  recoveryDecisionSchema,
  recoveryInputSchema,
  reopenInputSchema,
  versionOnlySchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['complaints'];
const detail = { 200: complaintDetailSchema };

export const complaintsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { complaints } = app.services;

  app.get(
    '/complaints',
    {
      schema: {
        tags,
        summary: 'The complaint inbox: mine (owner, handler or my escalation level), team, overdue, open (not yet acknowledged), closed',
        querystring: complaintQuerySchema,
        response: { 200: complaintListSchema },
      },
    },
    (r) => complaints.list(actorOf(r), r.query),
  );
  app.post(
    '/complaints',
    {
      schema: {
        tags,
        summary: 'Register a complaint (the registering person is its first responder); routed by category',
        body: complaintInputSchema,
        response: { 201: complaintDetailSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.complaints.register(actorOf(r), r.body)),
  );
  app.post(
    '/network/complaints',
    {
      schema: {
        tags,
        summary: "The car maker's complaint desk registers a case for a dealer (hotline, authorities, media)",
        body: networkComplaintInputSchema,
        response: { 201: complaintDetailSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.complaints.registerForDealer(actorOf(r), r.body)),
  );
  app.get(
    '/complaints/staff',
    {
      schema: {
        tags,
        summary: 'Staff who can own or handle a case',
        querystring: z.object({ dealerId: z.uuid().optional() }),
        response: { 200: complaintStaffSchema },
      },
    },
    (r) => complaints.staff(actorOf(r), r.query.dealerId),
  );
  app.get('/complaints/:id', { schema: { tags, params, response: detail } }, (r) => complaints.get(actorOf(r), r.params.id));
  app.patch(
    '/complaints/:id',
    {
      schema: {
        tags,
        summary: 'Classification, verification, root cause, solution plan',
        params,
        body: complaintPatchSchema,
        response: detail,
      },
    },
    (r) => complaints.update(actorOf(r), r.params.id, r.body),
  );

  const action = <S extends z.ZodType>(
    path: string,
    summary: string,
    body: S,
    run: (s: typeof app.services, actor: ReturnType<typeof actorOf>, id: string, input: z.infer<S>) => Promise<unknown>,
  ) =>
    app.post(`/complaints/:id/${path}`, { schema: { tags, summary, params, body, response: detail } }, (r, reply) =>
      app.idempotent(r, reply, 200, (s) => run(s, actorOf(r), (r.params as { id: string }).id, r.body as z.infer<S>)),
    );

  action('acknowledge', 'The handler acknowledges a case that came in indirectly', versionOnlySchema, (s, a, id, b) =>
    s.complaints.acknowledge(a, id, b),
  );
  action(
    'communications',
    'A contact with the customer; feedback=true stops the 24-hour feedback clock',
    communicationInputSchema,
    (s, a, id, b) => s.complaints.communicate(a, id, b),
  );
  action('handover', 'Hand ownership over explicitly (首问负责制)', handoverInputSchema, (s, a, id, b) => s.complaints.handover(a, id, b));
  action('handler', 'A manager re-routes the complaint work order', assignHandlerInputSchema, (s, a, id, b) =>
    s.complaints.assignHandler(a, id, b),
  );
  action('recoveries', 'Add service recovery; above the approval limit it waits for approval', recoveryInputSchema, (s, a, id, b) =>
    s.complaints.addRecovery(a, id, b),
  );
  action('acceptance', 'The customer accepts the solution', acceptanceInputSchema, (s, a, id, b) => s.complaints.accept(a, id, b));
  action(
    'close',
    'Close with final satisfaction, cause and prevention; a satisfied customer gets a follow-up call 7 days later',
    closeInputSchema,
    (s, a, id, b) => s.complaints.close(a, id, b),
  );
  action('reopen', 'Reopen a closed case', reopenInputSchema, (s, a, id, b) => s.complaints.reopen(a, id, b));
  action('dealer', 'The car maker assigns the case to another dealer', assignDealerInputSchema, (s, a, id, b) =>
    s.complaints.assignDealer(a, id, b),
  );
  action('deadline', 'The car maker sets the resolution deadline', deadlineInputSchema, (s, a, id, b) =>
    s.complaints.setDeadline(a, id, b),
  );

  app.post(
    '/complaints/:id/recoveries/:recoveryId/decision',
    {
      schema: {
        tags,
        summary: 'Approve or reject a recovery waiting for approval',
        params: z.object({ id: z.uuid(), recoveryId: z.uuid() }),
        body: recoveryDecisionSchema,
        response: detail,
      },
    },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.complaints.decideRecovery(actorOf(r), r.params.id, r.params.recoveryId, r.body)),
  );
  app.post(
    '/complaints/:id/appointment',
    {
      schema: {
        tags,
        summary: 'Book the repair the solution needs (appointments capacity rules; 409 slot_full)',
        params,
        body: complaintBookingSchema,
        response: { 201: complaintBookedSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.complaints.book(actorOf(r), r.params.id, r.body)),
  );

  app.get(
    '/complaint-settings',
    {
      schema: {
        tags,
        summary: 'SLA clock and hours, routing by category, recovery catalogue, approval limits',
        response: { 200: complaintSettingsSchema },
      },
    },
    (r) => complaints.settings(actorOf(r)),
  );
  app.put(
    '/complaint-settings',
    { schema: { tags, body: complaintSettingsPatchSchema, response: { 200: complaintSettingsSchema } } },
    (r) => complaints.updateSettings(actorOf(r), r.body),
  );

  app.get(
    '/kpis/complaints',
    {
      schema: {
        tags: ['kpis'],
        summary:
          'Complaint archive analysis: Pareto, by SA, model and dealer, per 100 ROs, response in time, close time, repeat complainants',
        querystring: complaintAnalysisQuerySchema,
        response: { 200: complaintAnalysisSchema },
      },
    },
    (r) => complaints.analysis(actorOf(r), r.query),
  );
};
