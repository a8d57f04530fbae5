/**
 * Where the grading queue lives: a Redis URL (redis://host:6379/0), the
 * BullMQ queue's name and key prefix, and the few keys of our own beside it
 * (the lessons version the class is graded with, the hidden inputs' seed).
 */
import type { ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { UsageError } from "../../jupyter-client";

/** The BullMQ queue every collector and worker of a Redis database shares. */
export const queueName = "grading";
/** BullMQ's keys start with this (its default, "bull", is anyone's). */
export const keyPrefix = "dlfs";

/** Our own keys beside the queue's. */
export const metaKeys = {
  /** The lessons version the last collector enqueued with (workers check theirs against it at start). */
  lessonsVersion: `${keyPrefix}:${queueName}:lessons-version`,
  /** The hidden inputs' seed of the queue: the same for every run, so a file handed in again maps to the same job. */
  hiddenSeed: `${keyPrefix}:${queueName}:hidden-seed`,
} as const;

/** The URL as given, checked: redis:// or rediss:// (TLS), with a host. */
export function queueUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--queue needs a Redis URL such as redis://127.0.0.1:6379/0, not "${text}"`);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:")
    throw new UsageError(`--queue needs a redis:// or rediss:// URL, not "${text}"`);
  if (url.hostname === "") throw new UsageError(`--queue: "${text}" names no host`);
  return text;
}

/** The URL without its password, for messages. */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}

/**
 * BullMQ's connection: retried for ever (a Redis restarted or failed over
 * comes back, and every command waits for it instead of failing).
 */
export function connectionOf(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null, retryStrategy: retryDelay };
}

/** A plain client for our own keys, retried as BullMQ's (an outage's errors are its retries, not news). */
export function metaClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: retryDelay });
  client.on("error", () => undefined);
  return client;
}

/** Redis did not answer at start: the URL is wrong, or no Redis runs there. */
class QueueUnreachableError extends Error {}

/**
 * Waits at start until Redis answers at `url`. Once running, collector and
 * workers wait for a Redis that went away for ever (it restarts); at start
 * a wrong URL must say so, once, instead of retrying in silence.
 */
export async function reachQueue(url: string, seconds: number): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: retryDelay });
  let lastError = "";
  client.on("error", (error: Error) => (lastError = error.message));
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new QueueUnreachableError(
            `no Redis answered at ${shownUrl(url)} within ${seconds} s${lastError === "" ? "" : ` (${lastError})`}: start Redis there, or give --queue the right URL`,
          ),
        ),
      seconds * 1000,
    );
  });
  try {
    await Promise.race([client.ping(), gaveUp]);
  } catch (error) {
    if (error instanceof QueueUnreachableError) throw error;
    // Redis answered, and refused (a wrong password, a database that does not exist).
    throw new QueueUnreachableError(
      `Redis at ${shownUrl(url)} refused: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** Reconnect after 0.2 s, growing to 2 s: a restart of Redis takes a second or two. */
function retryDelay(times: number): number {
  return Math.min(200 * times, 2000);
}
