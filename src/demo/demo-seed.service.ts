import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { hashPassword } from '../common/passwords.js';
import { Organization } from '../accounts/organization.entity.js';
import { OrganizationsService } from '../accounts/organizations.service.js';
import { DemoForum } from './demo-forum.js';

/** Development-only account, documented in README.md ("The demo forum"). */
export const DEMO_LOGIN = { email: 'demo@townhall.localhost', password: 'townhall-demo-only' } as const;
export const DEMO_ORGANIZATION = 'Southern Tier Neighbors Coalition';

/** Seeds the demo forum (README, "The demo forum") on the first start with SEED_DEMO. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly organizations: OrganizationsService,
    private readonly demoForum: DemoForum,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || this.config.production) return;
    const seeded = await this.dataSource.getRepository(Organization).existsBy({ name: DEMO_ORGANIZATION });
    if (!seeded) {
      await this.seed();
      this.logger.log('Seeded the demo forum.');
    }
    const mailbox = this.config.smtpUrl ? 'were sent through SMTP_URL' : `are in the local mailbox at ${this.config.appUrl}/dev/mail`;
    this.logger.log(
      `Demo: open ${this.config.appUrl} to RSVP; organizers sign in at ${this.config.appUrl}/console with the demo ` +
        `account in README.md ("The demo forum"); the panelists' invitations ${mailbox}; API docs at ${this.config.appUrl}/api/docs.`,
    );
  }

  private async seed(): Promise<void> {
    const passwordHash = await hashPassword(DEMO_LOGIN.password);
    await this.dataSource.transaction(async (manager) => {
      const organization = await this.organizations.create(manager, DEMO_ORGANIZATION);
      organization.contactEmail = 'forums@coalition.localhost';
      await manager.save(organization);
      await this.organizations.addOrganizer(manager, {
        organizationId: organization.id,
        name: 'Dana Whitfield',
        email: DEMO_LOGIN.email,
        role: 'owner',
        passwordHash,
        // The operator's own seeded account, at a .localhost address no link could reach.
        emailConfirmedAt: this.clock.now(),
      });
      await this.demoForum.seed(manager, organization.id);
    });
  }
}
