-- Issue 23 part 3 (docs/moadian.md "Sending on posting"): the business's opt-in to send every
-- sale, sale return and void to Moadian when it is posted. Off unless the administrator turns it
-- on; posting then queues the submission in its own transaction (never fails because of it).
alter table moadian_settings add column send_on_posting boolean not null default false;
