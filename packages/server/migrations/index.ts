import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_appointments.js';
import * as m0003 from './0003_plate_prefix_index.js';
import * as m0004 from './0004_repair_orders.js';
import * as m0005 from './0005_workshop_and_settlement.js';
import * as m0006 from './0006_walkaround_template.js';
import * as m0007 from './0007_follow_up.js';
import * as m0008 from './0008_complaints.js';
import * as m0009 from './0009_csi.js';
import * as m0010 from './0010_outbox_lease.js';
import * as m0011 from './0011_prediction_counted_from.js';
import * as m0012 from './0012_one_open_visit.js';
import * as m0013 from './0013_seven_level_satisfaction.js';
import * as m0014 from './0014_technician_work.js';
import * as m0015 from './0015_dealer_region.js';
import * as m0016 from './0016_kpi_rollup.js';
import * as m0017 from './0017_kpi_indexes.js';
import * as m0018 from './0018_kpi_advisor_months.js';
import * as m0019 from './0019_customer_search_keys.js';
import * as m0020 from './0020_slot_issued.js';
import * as m0021 from './0021_csi_daily_items.js';
import * as m0022 from './0022_complaint_facts.js';
import * as m0023 from './0023_derived_row_keys.js';
import * as m0024 from './0024_warranty.js';
import * as m0025 from './0025_customer_value.js';
import * as m0026 from './0026_customer_value_priority.js';
import * as m0027 from './0027_plans_and_budgets.js';
import * as m0028 from './0028_process_checks.js';
import * as m0029 from './0029_scorecard_settings.js';
import * as m0030 from './0030_loaners.js';
import * as m0031 from './0031_club.js';
import * as m0032 from './0032_rescue.js';
import * as m0033 from './0033_pickup.js';
import * as m0034 from './0034_booking_benefits.js';
import * as m0036 from './0036_pickup_online.js';
import * as m0037 from './0037_activities.js';
import * as m0038 from './0038_payment_reversals.js';
import * as m0039 from './0039_club_at_the_cashier.js';
import * as m0040 from './0040_priority_members.js';
import * as m0041 from './0041_webhooks.js';
import * as m0042 from './0042_dealer_scoped_tokens.js';
import * as m0043 from './0043_distribution_keys.js';
import * as m0044 from './0044_network_webhooks.js';

// Numbered, immutable once landed. Add new files here in order.
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_appointments': m0002,
  '0003_plate_prefix_index': m0003,
  '0004_repair_orders': m0004,
  '0005_workshop_and_settlement': m0005,
  '0006_walkaround_template': m0006,
  '0007_follow_up': m0007,
  '0008_complaints': m0008,
  '0009_csi': m0009,
  '0010_outbox_lease': m0010,
  '0011_prediction_counted_from': m0011,
  '0012_one_open_visit': m0012,
  '0013_seven_level_satisfaction': m0013,
  '0014_technician_work': m0014,
  '0015_dealer_region': m0015,
  '0016_kpi_rollup': m0016,
  '0017_kpi_indexes': m0017,
  '0018_kpi_advisor_months': m0018,
  '0019_customer_search_keys': m0019,
  '0020_slot_issued': m0020,
  '0021_csi_daily_items': m0021,
  '0022_complaint_facts': m0022,
  '0023_derived_row_keys': m0023,
  '0024_warranty': m0024,
  '0025_customer_value': m0025,
  '0026_customer_value_priority': m0026,
  '0027_plans_and_budgets': m0027,
  '0028_process_checks': m0028,
  '0029_scorecard_settings': m0029,
  '0030_loaners': m0030,
  '0031_club': m0031,
  '0032_rescue': m0032,
  '0033_pickup': m0033,
  '0034_booking_benefits': m0034,
  '0036_pickup_online': m0036,
  '0037_activities': m0037,
  '0038_payment_reversals': m0038,
  '0039_club_at_the_cashier': m0039,
  '0040_priority_members': m0040,
  '0041_webhooks': m0041,
  '0042_dealer_scoped_tokens': m0042,
  '0043_distribution_keys': m0043,
  '0044_network_webhooks': m0044,
};
