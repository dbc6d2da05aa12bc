import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { AppError } from '@causeway/platform';
import { passwordPolicy } from '../auth/passwords';
import { DATA_SOURCE } from '../database/tokens';
import { User } from './user.entity';

export const emailSchema = z.email().max(320).transform((e) => e.toLowerCase());
const passwordSchema = z.string().min(passwordPolicy.minLength, `at least ${passwordPolicy.minLength} characters`).max(passwordPolicy.maxLength);

export function parseEmail(value: string, field = 'email'): string {
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) throw new AppError('invalid_input', `${field}: not a valid email address`, { field });
  return parsed.data;
}

export function parsePassword(value: string, field = 'password'): string {
  const parsed = passwordSchema.safeParse(value);
  if (!parsed.success) throw new AppError('invalid_input', `${field}: ${parsed.error.issues[0].message}`, { field });
  return parsed.data;
}

/** Identities. Who may do what in a tenant lives in memberships, not here. */
@Injectable()
export class UsersService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  findByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { email: email.toLowerCase() } });
  }

  findById(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOne({ where: { id } });
  }

  /** The stored hash is never selected by default; sign-in asks for it explicitly. */
  findWithPasswordHash(email: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
  }
}
