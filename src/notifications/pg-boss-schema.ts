/**
 * The PostgreSQL schema pg-boss keeps its jobs in. Migration MailOutbox created it under the same
 * name and keeps its own copy: a migration is frozen, so the running code never imports one.
 */
export const PG_BOSS_SCHEMA = 'pgboss';
