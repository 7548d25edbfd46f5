/**
 * The PostgreSQL role prisma-read logs in as: SELECT on the read path's tables, nothing else.
 * Created by the migration `20261122033000_read_only_role`; on RDS it logs in with IAM tokens.
 */
export const READ_ONLY_ROLE = "huntaze_reader";
