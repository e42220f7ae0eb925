import { Router } from 'express';
import { z } from 'zod';
import type { SandboxInbox } from '../../providers/simulated/sandbox-inbox.js';
import { parseInput } from '../http/validate.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import { E164 } from '../schemas/verification-schemas.js';

const SandboxQuery = z.strictObject({ to: E164 });
const SandboxMessages = z.object({
  messages: z.array(z.object({ to: z.string(), body: z.string(), provider: z.string(), attemptId: z.string(), deliveredAt: z.iso.datetime() })),
});

/**
 * The sandbox inbox of the simulated network: what a handset would have received. Only
 * mounted while the simulated network is in use; it shows codes, so it is tenant- or
 * admin-authenticated like the rest of /v1 and never exists with real providers.
 */
export function sandboxRoutes(deps: { inbox: SandboxInbox; clock: () => number }, docs: RouteDocs): Router {
  const router = Router();
  docs.add({
    method: 'get',
    path: '/v1/sandbox/messages',
    summary: 'Messages the simulated network delivered to a number (only while the simulated network is in use)',
    tags: ['sandbox'],
    auth: 'tenant',
    query: SandboxQuery,
    responses: { 200: { description: 'delivered messages, newest first', schema: SandboxMessages } },
  });
  router.get('/v1/sandbox/messages', (req, res) => {
    const { to } = parseInput(SandboxQuery, req.query);
    const messages = deps.inbox.list(to, deps.clock()).map((m) => ({ ...m, deliveredAt: new Date(m.deliveredAt).toISOString() }));
    res.json({ messages });
  });
  return router;
}
