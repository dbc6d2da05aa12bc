import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { parseInput } from '@causeway/platform';
import { passwordPolicy } from '../auth/passwords';
import { DATA_SOURCE } from '../database/tokens';
import { User } from './user.entity';

const NOT_AN_EMAIL = 'not a valid email address';
export const emailSchema = z
  .email(NOT_AN_EMAIL)
  .max(320, NOT_AN_EMAIL)
  .transform((e) => e.toLowerCase());
const passwordSchema = z.string().min(passwordPolicy.minLength, `at least ${passwordPolicy.minLength} characters`).max(passwordPolicy.maxLength);

export function parseEmail(value: string, field = 'email'): string {
  return parseInput(emailSchema, value, { field });
}

export function parsePassword(value: string, field = 'password'): string {
  return parseInput(passwordSchema, value, { field });
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
