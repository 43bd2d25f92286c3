import type { Engine } from './aws-facts';

/**
 * The logs each cluster exports to CloudWatch Logs, per engine, into log groups the stack creates
 * (lib/global-database.ts; rdsLogGroupName in aws-facts.ts). Aurora PostgreSQL's server log; Aurora
 * MySQL's audit, error and slow query logs (its general log records every statement and is left out).
 */
export const LOG_EXPORTS: Readonly<Record<Engine, readonly string[]>> = {
  'aurora-postgresql': ['postgresql'],
  'aurora-mysql': ['audit', 'error', 'slowquery'],
};

/**
 * Days CloudWatch Logs keeps the database logs: a year, the audit-trail period banking and health
 * rules commonly ask for at least. Raise it here for a longer obligation, to one of the values
 * CloudWatch Logs accepts ("PutRetentionPolicy", Amazon CloudWatch Logs API Reference,
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html:
 * 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
 */
export const DATABASE_LOG_RETENTION_DAYS = 365;
