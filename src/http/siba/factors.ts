import type { FastifyInstance } from 'fastify';

// Routes of this Siba section are registered here (see siba.md).
export async function factorRoutes(_app: FastifyInstance): Promise<void> {}
