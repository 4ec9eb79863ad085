import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, MoreThan, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { DomainError, ForbiddenError, NotFoundError } from '../common/domain-errors.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../common/passwords.js';
import { hashToken, isWellFormedToken } from '../common/tokens.js';
import { Organizer, type Role } from '../organizations/organizer.entity.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { OrganizationView, OrganizerView } from '../organizations/dto/organization.dto.js';
import type { AcceptInvitationDto, LoginDto, MeView, SessionView, SignupDto } from './dto/auth.dto.js';

export class WrongCredentialsError extends DomainError {
  constructor() {
    super('unauthorized', 'The email or password is incorrect.');
  }
}

@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly organizationsService: OrganizationsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
  ) {}

  async signup(signup: SignupDto): Promise<SessionView> {
    if (!this.config.signupEnabled) {
      throw new ForbiddenError('Sign-up is switched off on this server. Ask an owner of an organization to invite you.');
    }
    const passwordHash = await hashPassword(signup.password);
    const owner = await this.dataSource.transaction(async (manager) => {
      const organization = await this.organizationsService.create(manager, signup.organizationName);
      return this.organizationsService.addOrganizer(manager, {
        organizationId: organization.id,
        name: signup.name,
        email: signup.email,
        role: 'owner',
        passwordHash,
      });
    });
    return this.session(owner);
  }

  /** Same message and about the same time for an unknown email and a wrong password. */
  async login({ email, password }: LoginDto): Promise<{ accessToken: string }> {
    const organizer = await this.findByEmail(email);
    const valid = await verifyPassword(password, organizer?.passwordHash ?? (await decoyPasswordHash()));
    if (!organizer?.passwordHash || !valid) throw new WrongCredentialsError();
    return { accessToken: await this.accessToken(organizer) };
  }

  /** What the invitation page shows: the organization and role a valid invitation link is for. */
  async invitation(token: string): Promise<{ organizationName: string; role: Role }> {
    const organizer = await this.invitedOrganizer(token);
    return { organizationName: (await this.organizationsService.get(organizer.organizationId)).name, role: organizer.role };
  }

  async acceptInvitation({ token, password }: AcceptInvitationDto): Promise<SessionView> {
    const organizer = await this.invitedOrganizer(token);
    organizer.passwordHash = await hashPassword(password);
    organizer.invitationTokenHash = null;
    organizer.invitationExpiresAt = null;
    return this.session(await this.organizers.save(organizer));
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
    return this.jwt.signAsync({ sub: organizer.id });
  }

  private async invitedOrganizer(token: string): Promise<Organizer> {
    const organizer = isWellFormedToken(token)
      ? await this.organizers.findOneBy({
          invitationTokenHash: hashToken(token),
          invitationExpiresAt: MoreThan(new Date()),
        })
      : null;
    if (!organizer) throw new NotFoundError('This invitation (it may have expired or been used already)');
    return organizer;
  }

  private findByEmail(email: string): Promise<Organizer | null> {
    return this.organizers
      .createQueryBuilder('organizer')
      .where('lower(organizer.email) = lower(:email)', { email })
      .getOne();
  }
}
