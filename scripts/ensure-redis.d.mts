// Types for ensure-redis.mjs (plain JS so `npm test` can run it before anything is compiled).
export const REDIS_SERVER: string;
export function ensureRedis(): string;
