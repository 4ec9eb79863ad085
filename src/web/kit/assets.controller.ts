import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../accounts/auth.decorators.js';
import { NotFoundError } from '../../common/domain-errors.js';
import { SiteAssets } from './site-assets.js';

@ApiExcludeController()
@Public()
@Controller()
export class AssetsController {
  constructor(private readonly assets: SiteAssets) {}

  /** Cached for a year under the URL that names its version; revalidated under any other. */
  @Get('assets/:file')
  async serve(
    @Param('file') file: string,
    @Query('v') version: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.send(file, version, request, reply);
  }

  /** Browsers ask for /favicon.ico whatever the page links: they get the SVG icon, not a 404 page. */
  @Get('favicon.ico')
  async favicon(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.send('favicon.svg', undefined, request, reply);
  }

  private async send(file: string, version: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const asset = this.assets.get(file);
    if (!asset) throw new NotFoundError('The file');
    const etag = `"${asset.version}"`;
    reply
      .header('ETag', etag)
      .header('Cache-Control', version === asset.version ? 'public, max-age=31536000, immutable' : 'public, no-cache');
    if (request.headers['if-none-match'] === etag) return void (await reply.status(304).send());
    await reply.type(asset.type).send(asset.body);
  }
}
