/**
 * Creating and reading users.
 */
import type { Clock } from '../platform/clock.ts';
import { isoTime } from '../platform/clock.ts';
import { Conflict, InvalidInput } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Plan, Role } from '../platform/db/schema.ts';
import { isPlan, isRole, PLANS, ROLES } from './plans.ts';
import type { UserRow, UsersRepo } from './users.repo.ts';

export interface NewUser {
  email: string;
  name?: string | null;
  plan?: string;
  role?: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,}$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class UsersService {
  private readonly repo: UsersRepo;
  private readonly clock: Clock;
  constructor(repo: UsersRepo, clock: Clock) {
    this.repo = repo;
    this.clock = clock;
  }

  async create(input: NewUser): Promise<UserRow> {
    const email = normalizeEmail(input.email);
    if (!EMAIL.test(email)) throw new InvalidInput(`"${input.email}" is not an email address.`, { field: 'email', value: input.email });
    const plan = input.plan ?? 'free';
    if (!isPlan(plan)) throw new InvalidInput(`Unknown plan "${plan}"; use one of ${PLANS.join(', ')}.`, { field: 'plan', value: plan });
    const role = input.role ?? 'user';
    if (!isRole(role)) throw new InvalidInput(`Unknown role "${role}"; use one of ${ROLES.join(', ')}.`, { field: 'role', value: role });
    if (await this.repo.findByEmail(email)) throw new Conflict(`A user with email ${email} already exists.`, { field: 'email', value: email });

    const now = isoTime(this.clock.now());
    const user: UserRow = {
      id: newId('user', this.clock.now()),
      email,
      name: input.name ?? null,
      plan: plan as Plan,
      role: role as Role,
      created_at: now,
      updated_at: now,
    };
    await this.repo.insert(user);
    return user;
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.repo.findByEmail(normalizeEmail(email));
  }
}
