import type { DataSource } from 'typeorm';
import type { Logger } from '@causeway/observability';
import { hashPassword } from './passwords';
import { parseEmail, parsePassword } from '../users/users.service';
import { User } from '../users/user.entity';

/**
 * Creates the platform operator account from CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL/PASSWORD at first
 * start. An existing user with that email is made an operator; their password is left alone.
 */
export async function bootstrapOperator(dataSource: DataSource, logger: Logger, email?: string, password?: string): Promise<void> {
  if (!email) return;
  const normalised = parseEmail(email, 'CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL');
  const repo = dataSource.getRepository(User);
  const existing = await repo.findOne({ where: { email: normalised } });
  if (existing) {
    if (!existing.isOperator) await repo.update({ id: existing.id }, { isOperator: true });
    return;
  }
  if (!password) throw new Error('CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD: required to create the operator account');
  const passwordHash = await hashPassword(parsePassword(password, 'CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD'));
  await repo.insert({ email: normalised, passwordHash, isOperator: true });
  logger.info({ email: normalised }, 'platform operator account created');
}
