import type { FastifyInstance } from 'fastify';

// Chortke products routes are registered here (chortke.md).
export async function productRoutes(_app: FastifyInstance): Promise<void> {}
