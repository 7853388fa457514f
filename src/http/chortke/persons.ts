import type { FastifyInstance } from 'fastify';

// Chortke persons routes are registered here (chortke.md).
export async function personRoutes(_app: FastifyInstance): Promise<void> {}
