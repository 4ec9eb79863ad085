import { setTimeout } from 'node:timers/promises';
import { AccountsRepository } from './accounts.repository.js';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, MoreThan, Not, IsNull, Repository, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../common/passwords.js';
import { hashToken, isWellFormedToken, newSecretToken } from '../common/tokens.js';
import { MailOutbox } from '../notifications/mail-outbox.js';
import { Organizer, type Role } from './organizer.entity.js';
import { MailAllowances } from './mail-allowances.js';
import { EmailTakenError } from './organization-errors.js';
import { MemberChangeNotifier } from './member-changes.js';
import { OrganizationsService } from './organizations.service.js';
import { OrganizationView, OrganizerView } from './dto/organization.dto.js';
import {
  EmailAlreadyConfirmedError,
  EmailConfirmationNotFoundError,
  EmailUnconfirmedError,
  InvitationNotFoundError,
  PasswordResetNotFoundError,
  SignupClosedError,
  WrongCredentialsError,
  WrongCurrentPasswordError,
} from './auth-errors.js';
import { issuedAt, revocationInstant } from './access-token-claims.js';
import { AccountThrottles } from './auth-throttles.js';
import { ConsoleSessionsService } from './console-sessions.service.js';
import type {
  AcceptInvitationDto,
  ChangePasswordDto,
  LoginDto,
  MeView,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SessionView,
  SignupDto,
} from './dto/auth.dto.js';
import type { Language } from '../common/languages.js';

const PASSWORD_RESET_MINUTES = 60;
const EMAIL_CONFIRMATION_DAYS = 7;
/** Well above the time either path of a reset request (or a sign-up) takes, so the answer's timing tells nothing. */
const ANSWER_FLOOR_MS = 250;

const answerNoSoonerThanFloor = (started: number) => setTimeout(Math.max(0, ANSWER_FLOOR_MS - (performance.now() - started)));

/** Open sign-up signs the new owner in at once; confirm-email waits for the emailed link. */
export type SignupOutcome = { session: SessionView } | { confirmationSent: true };

@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly organizationsService: OrganizationsService,
    private readonly consoleSessions: ConsoleSessionsService,
    private readonly memberChanges: MemberChangeNotifier,
    private readonly outbox: MailOutbox,
    private readonly allowances: MailAllowances,
    private readonly throttles: AccountThrottles,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates an organization and its owner as SIGNUP_MODE says: at once (open; it cannot publish
   * or send messages, and sends few invitations, until an owner confirms their address), once
   * the emailed link is opened (confirm-email), or not at all (invitation-only). Five an hour
   * per client address. In confirm-email mode a taken address gets the same answer, in about
   * the same time, and its account's owner an email saying someone tried.
   */
  async signup({ language = 'en', ...signup }: SignupDto, clientAddress: string): Promise<SignupOutcome> {
    this.assertSignupOpen();
    await this.throttles.signupAsked(clientAddress);
    if (this.config.signupMode !== 'confirm-email') return { session: await this.session(await this.createOwner(signup, language)) };
    const started = performance.now();
    try {
      await this.createOwner(signup, language);
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      await this.tellOfSignupAttempt(signup.email, language);
    }
    await answerNoSoonerThanFloor(started);
    return { confirmationSent: true };
  }

  private async createOwner(signup: Omit<SignupDto, 'language'>, language: Language): Promise<Organizer> {
    const confirmFirst = this.config.signupMode === 'confirm-email';
    const passwordHash = await hashPassword(signup.password);
    return this.dataSource.transaction(async (manager) => {
      const organization = await this.organizationsService.create(manager, signup.organizationName);
      const owner = await this.organizationsService.addOrganizer(manager, {
        organizationId: organization.id,
        name: signup.name,
        email: signup.email,
        role: 'owner',
        passwordHash,
      });
      if (confirmFirst) await this.sendEmailConfirmation(manager, owner, language);
      return owner;
    });
  }

  /** At most one such email an hour per account, so sign-up cannot be used to flood its owner; none to an invitation not yet accepted. */
  private async tellOfSignupAttempt(email: string, language: Language): Promise<void> {
    const organizer = await this.findByEmail(email);
    if (!organizer?.passwordHash || !(await this.throttles.signupAttemptNoticeDue(organizer.id))) return;
    await this.outbox.enqueue(this.dataSource.manager, {
      to: { name: organizer.name, address: organizer.email },
      language,
      template: 'signup-attempt',
      data: { name: organizer.name, link: `${this.config.appUrl}/console` },
      idempotencyKey: `signup-attempt:${organizer.id}:${this.clock.now().toISOString()}`,
    });
  }

  assertSignupOpen(): void {
    if (this.config.signupMode === 'invitation-only') throw new SignupClosedError();
  }

  /** Emails the signed-in organizer a link that confirms their address (which lifts a new organization's mail allowance). */
  async requestEmailConfirmation(organizerId: string, language: Language = 'en'): Promise<void> {
    const organizer = await this.organizationsService.getOrganizer(organizerId);
    if (organizer.emailConfirmedAt) throw new EmailAlreadyConfirmedError();
    await this.allowances.confirmationRequested(organizer.id);
    await this.dataSource.transaction((manager) => this.sendEmailConfirmation(manager, organizer, language));
  }

  /** Confirms the address a live link was sent to (once) and signs its holder in. */
  async confirmEmail(token: string): Promise<SessionView> {
    const organizer = await this.dataSource.transaction(async (manager) => {
      const claimed = isWellFormedToken(token)
        ? await manager.findOne(Organizer, {
            where: { emailConfirmationTokenHash: hashToken(token), emailConfirmationExpiresAt: MoreThan(this.clock.now()) },
            lock: { mode: 'pessimistic_write' },
          })
        : null;
      if (!claimed) throw new EmailConfirmationNotFoundError();
      const changes = { emailConfirmedAt: this.clock.now(), emailConfirmationTokenHash: null, emailConfirmationExpiresAt: null };
      await manager.update(Organizer, { id: claimed.id }, changes);
      return Object.assign(claimed, changes);
    });
    return this.session(organizer);
  }

  /**
   * The organizer these credentials belong to; the same message and about the same time for an
   * unknown email and a wrong password. Attempts are limited per account and client address,
   * and per account (AccountThrottles), counted before the password is checked.
   */
  async verifyCredentials({ email, password }: LoginDto, clientAddress: string): Promise<Organizer> {
    const organizer = await this.findByEmail(email);
    const generation = organizer?.sessionsRevokedAt?.toISOString() ?? '';
    await this.throttles.signInAttempted(email, generation, clientAddress);
    const valid = await verifyPassword(password, organizer?.passwordHash ?? (await decoyPasswordHash()));
    if (!organizer?.passwordHash || !valid) throw new WrongCredentialsError();
    await this.throttles.signedIn(email, generation, clientAddress);
    if (this.config.signupMode === 'confirm-email' && !organizer.emailConfirmedAt) throw new EmailUnconfirmedError();
    return organizer;
  }

  async login(credentials: LoginDto, clientAddress: string): Promise<{ accessToken: string }> {
    return { accessToken: await this.accessToken(await this.verifyCredentials(credentials, clientAddress)) };
  }

  /**
   * Sets a new password after checking the current one, and ends every other session of the
   * account: access tokens issued before now, and console sessions but `keepConsoleSession`.
   * Returns a fresh access token for the caller.
   */
  async changePassword(
    organizerId: string,
    { currentPassword, password }: ChangePasswordDto,
    options: { keepConsoleSession?: string } = {},
  ): Promise<{ accessToken: string }> {
    const organizer = await this.organizationsService.getOrganizer(organizerId);
    if (!organizer.passwordHash || !(await verifyPassword(currentPassword, organizer.passwordHash))) {
      throw new WrongCurrentPasswordError();
    }
    const passwordHash = await hashPassword(password);
    const changed = await this.dataSource.transaction(async (manager) => {
      await this.setPassword(manager, organizer, passwordHash);
      await this.consoleSessions.endAllIn(manager, organizer.id, options.keepConsoleSession);
      await this.memberChanges.memberRevoked(manager, organizer.id);
      return organizer;
    });
    return { accessToken: await this.accessToken(changed) };
  }

  /**
   * Emails a single-use link to set a new password, valid one hour, replacing any earlier
   * link. Answers the same, in about the same time, whether or not the address has an
   * account; only an account with a password set gets the email.
   */
  async requestPasswordReset({ email, language = 'en' }: PasswordResetRequestDto): Promise<void> {
    const started = performance.now();
    const organizer = await this.findByEmail(email);
    if (organizer?.passwordHash) await this.sendPasswordReset(organizer, language);
    await answerNoSoonerThanFloor(started);
  }

  /** The account a live reset link is for; 404 for an unknown, used or expired link. */
  async passwordResetFor(token: string): Promise<{ email: string }> {
    return { email: (await this.resettable(token)).email };
  }

  /** Sets the new password through a live reset link (once), and ends every other session of that account. */
  async confirmPasswordReset({ token, password }: PasswordResetConfirmDto): Promise<{ accessToken: string; organizerId: string }> {
    await this.resettable(token);
    const passwordHash = await hashPassword(password);
    const organizer = await this.dataSource.transaction(async (manager) => {
      // Claims the link under a row lock, so two confirmations of one link cannot both pass.
      const claimed = await manager.findOne(Organizer, {
        where: { passwordResetTokenHash: hashToken(token), passwordResetExpiresAt: MoreThan(this.clock.now()) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!claimed) throw new PasswordResetNotFoundError();
      await this.setPassword(manager, claimed, passwordHash);
      // The reset link reached them, as a confirmation link would.
      if (!claimed.emailConfirmedAt) await manager.update(Organizer, { id: claimed.id }, { emailConfirmedAt: this.clock.now() });
      await this.consoleSessions.endAllIn(manager, claimed.id);
      await this.memberChanges.memberRevoked(manager, claimed.id);
      return claimed;
    });
    return { accessToken: await this.accessToken(organizer), organizerId: organizer.id };
  }

  /** What the invitation page shows: the organization and role a valid invitation link is for. */
  async invitation(token: string): Promise<{ organizationName: string; role: Role }> {
    const organizer = await this.invitedOrganizer(token);
    return { organizationName: (await this.organizationsService.get(organizer.organizationId)).name, role: organizer.role };
  }

  /**
   * Sets the invited member's password by one conditional UPDATE that also claims the link: it
   * writes only the columns it owns, so a removal (no row left) or a role change made meanwhile
   * stands, and of two accepts of one link the second finds it used (404).
   */
  async acceptInvitation({ token, password }: AcceptInvitationDto): Promise<SessionView> {
    await this.invitedOrganizer(token);
    const passwordHash = await hashPassword(password);
    const now = this.clock.now();
    const accepted = await this.accounts.claimInvitation(this.dataSource.manager, hashToken(token), passwordHash, now);
    if (!accepted) throw new InvitationNotFoundError();
    return this.session(await this.organizationsService.getOrganizer(accepted));
  }

  async me(organizerId: string): Promise<MeView> {
    const organizer = await this.organizationsService.getOrganizer(organizerId);
    const organization = await this.organizationsService.get(organizer.organizationId);
    return { organizer: OrganizerView.of(organizer), organization: OrganizationView.of(organization) };
  }

  private async session(organizer: Organizer): Promise<SessionView> {
    return { accessToken: await this.accessToken(organizer), ...(await this.me(organizer.id)) };
  }

  private accessToken(organizer: Organizer): Promise<string> {
    return this.jwt.signAsync({ sub: organizer.id, iat: issuedAt(organizer.sessionsRevokedAt) });
  }

  /** A new password that ends every access token issued before it, and any pending reset link. */
  private async setPassword(manager: EntityManager, organizer: Organizer, passwordHash: string): Promise<void> {
    const changes = { passwordHash, sessionsRevokedAt: revocationInstant(), passwordResetTokenHash: null, passwordResetExpiresAt: null };
    await manager.update(Organizer, { id: organizer.id }, changes);
    Object.assign(organizer, changes);
  }

  private async sendPasswordReset(organizer: Organizer, language: Language): Promise<void> {
    const token = newSecretToken();
    const tokenHash = hashToken(token);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        Organizer,
        { id: organizer.id },
        {
          passwordResetTokenHash: tokenHash,
          passwordResetExpiresAt: new Date(this.clock.now().getTime() + PASSWORD_RESET_MINUTES * 60_000),
        },
      );
      await this.outbox.enqueue(manager, {
        to: { name: organizer.name, address: organizer.email },
        language,
        template: 'password-reset',
        data: {
          name: organizer.name,
          link: `${this.config.appUrl}/console/password-reset/${token}`,
          expiresInMinutes: PASSWORD_RESET_MINUTES,
        },
        idempotencyKey: `password-reset:${tokenHash}`,
      });
    });
  }

  /** A new seven-day link (replacing any earlier one), emailed in the caller's transaction. */
  private async sendEmailConfirmation(manager: EntityManager, organizer: Organizer, language: Language): Promise<void> {
    const token = newSecretToken();
    const tokenHash = hashToken(token);
    await manager.update(
      Organizer,
      { id: organizer.id },
      {
        emailConfirmationTokenHash: tokenHash,
        emailConfirmationExpiresAt: new Date(this.clock.now().getTime() + EMAIL_CONFIRMATION_DAYS * 24 * 3600_000),
      },
    );
    await this.outbox.enqueue(manager, {
      to: { name: organizer.name, address: organizer.email },
      language,
      template: 'email-confirmation',
      data: { name: organizer.name, link: `${this.config.appUrl}/console/confirm-email/${token}`, expiresInDays: EMAIL_CONFIRMATION_DAYS },
      idempotencyKey: `email-confirmation:${tokenHash}`,
    });
  }

  private async resettable(token: string): Promise<Organizer> {
    const organizer = isWellFormedToken(token)
      ? await this.organizers.findOneBy({
          passwordResetTokenHash: hashToken(token),
          passwordResetExpiresAt: MoreThan(this.clock.now()),
          passwordHash: Not(IsNull()),
        })
      : null;
    if (!organizer) throw new PasswordResetNotFoundError();
    return organizer;
  }

  private async invitedOrganizer(token: string): Promise<Organizer> {
    const organizer = isWellFormedToken(token)
      ? await this.organizers.findOneBy({
          invitationTokenHash: hashToken(token),
          invitationExpiresAt: MoreThan(this.clock.now()),
        })
      : null;
    if (!organizer) throw new InvitationNotFoundError();
    return organizer;
  }

  private findByEmail(email: string): Promise<Organizer | null> {
    return this.accounts.findByEmail(this.dataSource.manager, email);
  }
}
