import { healthAnswer } from "../health.server.ts";

/**
 * GET /healthz: for a load balancer, a container's HEALTHCHECK or an uptime probe. No session: it names no shop and
 * says only whether this process can reach its database.
 */
export const loader = () => healthAnswer();
