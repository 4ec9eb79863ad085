/**
 * The reference for public reads: bare Fastify and a `pg` pool answering the public event
 * with the same rows the server reads (the event, its organization, its confirmed panel), as
 * one query and JSON straight from PostgreSQL. Under `npm run bench` it runs as its own
 * process (`node dist/bench/reference-server.js <database url>` prints its port), as the server does.
 */
import Fastify from 'fastify';
import pg from 'pg';

const EVENT_QUERY = `
  SELECT to_jsonb(e) || jsonb_build_object(
    'organization', jsonb_build_object('name', o.name, 'slug', o.slug),
    'panelists', coalesce((SELECT jsonb_agg(to_jsonb(p) ORDER BY p.position) FROM panelists p WHERE p.event_id = e.id AND p.status = 'confirmed'), '[]')
  ) AS view
  FROM events e JOIN organizations o ON o.id = e.organization_id
  WHERE e.id = $1::uuid AND e.status <> 'draft'`;

export interface ReferenceServer {
  url: string;
  close(): Promise<void>;
}

export async function startReferenceServer(databaseUrl: string): Promise<ReferenceServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const app = Fastify();
  app.get<{ Params: { id: string } }>('/api/events/:id', async (request, reply) => {
    const { rows } = await pool.query(EVENT_QUERY, [request.params.id]);
    if (rows.length === 0) return reply.code(404).send({ message: 'not found' });
    return rows[0].view;
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\//, '/')) && process.argv[2]) {
  const server = await startReferenceServer(process.argv[2]);
  console.log(server.url);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
