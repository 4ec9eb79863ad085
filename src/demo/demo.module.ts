import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [OrganizationsModule], providers: [DemoSeedService] })
export class DemoModule {}
