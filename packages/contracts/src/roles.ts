// Staff roles of domain.md §1. One person may hold several.
export const DEALER_ROLES = [
  'service_advisor',
  'appointment_agent',
  'customer_relations',
  'front_desk_supervisor',
  'workshop_controller',
  'technician',
  'quality_inspector',
  'parts_manager',
  'technical_director',
  'warranty_clerk',
  'cashier',
  /** Fetches and returns customers' cars, and drives customers (取送车司机 / 代驾). */
  'driver',
  'service_manager',
  'general_manager',
  'dealer_admin',
] as const;

export const OEM_ROLES = ['oem_analyst', 'oem_warranty_reviewer', 'oem_complaint_desk', 'oem_admin'] as const;

export const ROLES = [...DEALER_ROLES, ...OEM_ROLES] as const;
export type Role = (typeof ROLES)[number];
export type DealerRole = (typeof DEALER_ROLES)[number];
export type OemRole = (typeof OEM_ROLES)[number];

export function isOemRole(role: Role): role is OemRole {
  return (OEM_ROLES as readonly string[]).includes(role);
}

/** Permission names the web app uses to build its menu; the server's policies decide. */
export const PERMISSIONS = [
  'customer.read',
  'customer.write',
  /** Receive a customer's full mobile number and birthday (technicians and inspectors get them masked). */
  'customer.contact.read',
  'vehicle.read',
  'vehicle.write',
  'network.read',
  /** The car maker's admin: create and edit the network's dealers. */
  'network.manage',
  'user.manage',
  'data.import',
  'data.export',
  'appointment.read',
  'appointment.book',
  'appointment.assign',
  'appointment.settings',
  'appointment.checkin',
  'parts.prepick',
  'kpi.read',
  'message.read',
  'repair_order.read',
  'repair_order.write',
  /** Work the follow-up calls (回访) of the care centre. */
  'follow_up.work',
  /** Care timers, reassignment, win-back and work plans. */
  'follow_up.manage',
  /** See the dealer's complaints (the car maker: the escalated ones of the network). */
  'complaint.read',
  /** Register a complaint and work the cases one owns, handles or was escalated to. */
  'complaint.register',
  /** Route, reassign and approve recovery; complaint settings. */
  'complaint.manage',
  /** The car maker's complaint desk: register for a dealer, assign dealers, set deadlines. */
  'complaint.network',
  /** The CSI dashboard and the survey responses. */
  'csi.read',
  /** Questionnaires and survey settings. */
  'csi.manage',
  /** Record a survey on a follow-up call. */
  'survey.record',
  /** The "today on the drive" view of the service drive. */
  'drive.read',
  /** Warranty claims (the dealer's own; the car maker's warranty staff and analysts: the network's) and the policies. */
  'warranty.read',
  /** The warranty clerk's work: eligibility checks, preparing and submitting claims. */
  'warranty.claim',
  /** The car maker's review of claims: approve, adjust, reject, return for information. */
  'warranty.review',
  /** The car maker's warranty policies and claim settings. */
  'warranty.policy',
  /** Decide a 三包 case (continue repairing, replace, take back). */
  'warranty.sanbao',
  /** Customer value: segments, lifetime value, the 80/20 view (the car maker: by dealer). */
  'customer_value.read',
  /** The dealer's settings of the value computation, and running it now. */
  'customer_value.manage',
  /** Service cost budgets and what was spent (the car maker: by dealer). */
  'cost.read',
  /** Set the dealer's service cost budgets. */
  'cost.manage',
  /** The dealer's loaner fleet and its reservations. */
  'loaner.read',
  /** Reserve a loaner, hand it over and take it back. */
  'loaner.reserve',
  /** Add and edit the fleet, the eligibility setting, and give a loaner the rules refuse (with a reason). */
  'loaner.manage',
  /** The loaner fleet's utilisation (the car maker: by dealer). */
  'loaner.utilisation',
  /** Process spot-checks: figures against targets, the sample, checks and drills (the car maker: by dealer). */
  'process_check.read',
  /** The dealer's checklist of each process step and its targets. */
  'process_check.manage',
  /** Spot-check a sampled visit (customer relations, supervisors). */
  'process_check.spot_check',
  /** Record a drill or training session with who took part and the result. */
  'process_check.drill',
  /** One's own staff scorecard (人员考核). */
  'scorecard.read_own',
  /** The scorecards of the team one manages (which roles: SCORECARD_TEAM_OF). */
  'scorecard.read_team',
  /** The dealer's scorecard weights and targets per role. */
  'scorecard.settings',
  /** The car maker's comparison of a role's scores across dealers. */
  'scorecard.network',
  /** The day plan of pick-ups, deliveries and designated driving (the car maker: by dealer). */
  'pickup.read',
  /** Book, assign a driver, cancel. */
  'pickup.manage',
  /** The dealer's area, distance limit and fee. */
  'pickup.settings',
  /** The driver's own jobs of the day. */
  'pickup.drive',
  /** Roadside rescue: the calls, the units and the response KPI (the car maker: by dealer). */
  'rescue.read',
  /** Work the rescue desk: record a call, dispatch a unit, record arrival, completion or cancellation. */
  'rescue.work',
  /** The dealer's rescue units and its response target. */
  'rescue.manage',
  /** The owners' club: a member's card and ledger, what points may pay (every dealer of the network recognises a member). */
  'club.read',
  /** Enrol a customer in the club at the dealer. */
  'club.enrol',
  /** The network's club settings: levels, earn rates, redemption limits, expiry, who pays across dealers. */
  'club.settings',
  /** Membership and redemption per dealer, and the balance between dealers (the car maker; a dealer's managers: their own). */
  'club.overview',
  /** Customer activities and their reports (the car maker: its dealers', by dealer). */
  'activity.read',
  /** Create, open, cancel and close activities, invite customers, mark who came. */
  'activity.manage',
  /** The dealer's webhooks: subscribe other systems to events, see and replay their deliveries. */
  'webhook.manage',
  /** Download the dealer's archive (the car maker's admin: the whole network's), as `servicebay export` writes it. */
  'archive.download',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
