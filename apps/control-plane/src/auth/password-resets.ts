import { DataSource, IsNull } from 'typeorm';
import { AppError } from '@causeway/platform';
import { User } from '../users/user.entity';
import { parseEmail, parsePassword } from '../users/users.service';
import { acceptLink, hashOneTimeToken, newOneTimeToken } from './one-time-tokens';
import { PasswordReset } from './password-reset.entity';
import { hashPassword } from './passwords';
import { RefreshToken } from './refresh-token.entity';

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

const invalidToken = () => new AppError('not_found', 'this reset link is invalid, used or expired; ask the operator for a new one', { field: 'token' });

/**
 * Operator-issued password resets: the only way a password changes without the old one. The
 * link works once, for an hour; using it ends every session of the account.
 */
export class PasswordResets {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publicUrl: () => string,
  ) {}

  /** Operators only (the CLI, or an operator-guarded mutation): they may know which accounts exist. */
  async issue(emailIn: string): Promise<{ link: string; expiresAt: Date }> {
    const email = parseEmail(emailIn);
    const user = await this.dataSource.getRepository(User).findOne({ where: { email } });
    if (!user) throw new AppError('not_found', `no account has the email ${email}`, { field: 'email' });
    const { token, hash } = newOneTimeToken('cwp');
    const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
    await this.dataSource.transaction(async (manager) => {
      // One live link per account: a new one voids the previous.
      await manager.update(PasswordReset, { userId: user.id, usedAt: IsNull() }, { usedAt: new Date() });
      await manager.insert(PasswordReset, { userId: user.id, tokenHash: hash, expiresAt, usedAt: null });
    });
    return { link: acceptLink(this.publicUrl(), 'reset', token), expiresAt };
  }

  async reset(token: string, newPassword: string): Promise<void> {
    const passwordHash = await hashPassword(parsePassword(newPassword, 'newPassword'));
    await this.dataSource.transaction(async (manager) => {
      const reset = await manager.getRepository(PasswordReset).findOne({ where: { tokenHash: hashOneTimeToken(token) }, lock: { mode: 'pessimistic_write' } });
      if (!reset || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) throw invalidToken();
      await manager.update(PasswordReset, { id: reset.id }, { usedAt: new Date() });
      await manager.update(User, { id: reset.userId }, { passwordHash });
      await manager.update(RefreshToken, { userId: reset.userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
  }
}
