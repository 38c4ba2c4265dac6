import { type Kysely, sql } from 'kysely';

// Pick-up booked by the customer on the online booking page (issue 17): such a job has no staff
// member who booked it, and the desk's day plan shows where it came from. The dealer sets the
// window it offers online: how long, and how long before the appointment it ends.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pickup_settings
    add column online_window_minutes int not null default 60 check (online_window_minutes between 30 and 240),
    add column online_lead_minutes int not null default 30 check (online_lead_minutes between 0 and 240)`.execute(db);
  await sql`alter table pickup_jobs
    alter column created_by drop not null,
    add column booked_via text not null default 'desk' check (booked_via in ('desk', 'online')),
    add constraint pickup_jobs_booker_check check (booked_via = 'online' or created_by is not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from pickup_jobs where created_by is null`.execute(db);
  await sql`alter table pickup_jobs drop constraint pickup_jobs_booker_check, drop column booked_via,
    alter column created_by set not null`.execute(db);
  await sql`alter table pickup_settings drop column online_window_minutes, drop column online_lead_minutes`.execute(db);
}
