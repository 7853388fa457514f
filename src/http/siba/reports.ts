import type { FastifyInstance } from 'fastify';

// Routes of this Siba section are registered here (see siba.md).
export async function reportRoutes(_app: FastifyInstance): Promise<void> {}
