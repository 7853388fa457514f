import type { FastifyInstance } from 'fastify';

// Routes of this Siba section are registered here (see siba.md).
export async function productRoutes(_app: FastifyInstance): Promise<void> {}
