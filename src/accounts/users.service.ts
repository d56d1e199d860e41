/**
 * Users: creating accounts, reading and editing profiles, deleting accounts.
 *
 * Visibility: a user sees and edits their own account; an `admin` sees and edits every account.
 * Anyone else's id is NotFound, never Forbidden (tenancy: we do not confirm that an id exists).
 * Plan and role are changed only by an admin.
 */
import type { Clock } from '../platform/clock.ts';
import { isoTime } from '../platform/clock.ts';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Plan, Role, UsersTable } from '../platform/db/schema.ts';
import type { Updateable } from 'kysely';
import type { Actor } from './actor.ts';
import type { AuditLog } from './audit.ts';
import { isPlan, isRole, PLANS, ROLES } from './plans.ts';
import type { Principal } from './principal.ts';
import type { UserErasure } from './user-erasure.ts';
import type { UserRow, UsersRepo } from './users.repo.ts';

export interface NewUser {
  email: string;
  name?: string | null;
  plan?: string;
  role?: string;
}

export interface UserChanges {
  name?: string | null;
  plan?: string;
  role?: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,}$/;
/** Longest accepted display name, in characters. */
const NAME_MAX = 200;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmailAddress(email: string): boolean {
  return email.length <= 320 && EMAIL.test(email);
}

export interface UsersServiceDeps {
  repo: UsersRepo;
  clock: Clock;
  audit: AuditLog;
  erasure: UserErasure;
}

export class UsersService {
  private readonly deps: UsersServiceDeps;
  constructor(deps: UsersServiceDeps) {
    this.deps = deps;
  }

  async create(input: NewUser): Promise<UserRow> {
    const email = normalizeEmail(input.email);
    if (!isEmailAddress(email)) throw new InvalidInput(`"${input.email}" is not an email address.`, { field: 'email', value: input.email });
    const plan = input.plan ?? 'free';
    if (!isPlan(plan)) throw new InvalidInput(`Unknown plan "${plan}"; use one of ${PLANS.join(', ')}.`, { field: 'plan', value: plan });
    const role = input.role ?? 'user';
    if (!isRole(role)) throw new InvalidInput(`Unknown role "${role}"; use one of ${ROLES.join(', ')}.`, { field: 'role', value: role });
    if (await this.deps.repo.findByEmail(email)) throw new Conflict(`A user with email ${email} already exists.`, { field: 'email', value: email });

    const now = isoTime(this.deps.clock.now());
    const user: UserRow = {
      id: newId('user', this.deps.clock.now()),
      email,
      name: input.name === undefined || input.name === null ? null : validName(input.name),
      plan: plan as Plan,
      role: role as Role,
      created_at: now,
      updated_at: now,
    };
    await this.deps.repo.insert(user);
    return user;
  }

  /** Creates the account, or returns the one another request created a moment earlier (self-signup). */
  async createOrFind(input: NewUser): Promise<UserRow> {
    try {
      return await this.create(input);
    } catch (error) {
      const existing = await this.findByEmail(input.email);
      if (existing !== undefined) return existing;
      throw error;
    }
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.deps.repo.findByEmail(normalizeEmail(email));
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.deps.repo.findById(id);
  }

  /** The account `id` as `principal` may see it: their own, or any when they are an admin. */
  async getVisible(principal: Principal, id: string): Promise<UserRow> {
    if (!canSee(principal, id)) throw notFound(id);
    const user = await this.deps.repo.findById(id);
    if (user === undefined) throw notFound(id);
    return user;
  }

  /** Applies profile changes; plan and role only by an admin. Each change is audited in the account's log. */
  async update(principal: Principal, id: string, changes: UserChanges, actor: Actor): Promise<UserRow> {
    const current = await this.getVisible(principal, id);
    const isAdmin = principal.user.role === 'admin';
    for (const field of ['plan', 'role'] as const) {
      if (changes[field] !== undefined && changes[field] !== current[field] && !isAdmin) {
        throw new Forbidden(`Only an administrator can change the ${field} of an account.`, { field });
      }
    }
    if (changes.plan !== undefined && !isPlan(changes.plan)) {
      throw new InvalidInput(`Unknown plan "${changes.plan}"; use one of ${PLANS.join(', ')}.`, { field: 'plan', value: changes.plan });
    }
    if (changes.role !== undefined && !isRole(changes.role)) {
      throw new InvalidInput(`Unknown role "${changes.role}"; use one of ${ROLES.join(', ')}.`, { field: 'role', value: changes.role });
    }
    const set: Updateable<UsersTable> = {};
    if (changes.name !== undefined) set.name = changes.name === null ? null : validName(changes.name);
    if (changes.plan !== undefined && changes.plan !== current.plan) set.plan = changes.plan as Plan;
    if (changes.role !== undefined && changes.role !== current.role) set.role = changes.role as Role;
    if (Object.keys(set).length === 0) return current;
    set.updated_at = isoTime(this.deps.clock.now());

    await this.deps.repo.transaction(async (trx) => {
      await this.deps.repo.update(trx, id, set);
      const target = { userId: id, actor, targetType: 'user' as const, targetId: id };
      if (set.name !== undefined) await this.deps.audit.record(trx, { ...target, action: 'user.updated', details: { fields: ['name'] } });
      if (set.plan !== undefined) await this.deps.audit.record(trx, { ...target, action: 'user.plan_changed', details: { from: current.plan, to: set.plan } });
      if (set.role !== undefined) await this.deps.audit.record(trx, { ...target, action: 'user.role_changed', details: { from: current.role, to: set.role } });
    });
    return { ...current, ...set } as UserRow;
  }

  /** Deletes the account and everything it owns (see UserErasure). */
  async delete(principal: Principal, id: string, actor: Actor): Promise<void> {
    if (!canSee(principal, id)) throw notFound(id);
    const deleted = await this.deps.erasure.erase(id, actor);
    if (!deleted) throw notFound(id);
  }
}

function canSee(principal: Principal, id: string): boolean {
  return principal.user.id === id || principal.user.role === 'admin';
}

function notFound(id: string): NotFound {
  return new NotFound(`No user ${id}.`, { field: 'id', value: id });
}

function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length > NAME_MAX) throw new InvalidInput(`name must be at most ${NAME_MAX} characters.`, { field: 'name', value: name });
  return trimmed;
}
