// Fix 2: Jupyter messages sent in order. tslab sends each message without
// waiting for the one before; zeromq.js sends at most 512 in a row at once and
// throws "Socket is busy writing" at the next, which is lost (often with the
// cell's "idle", leaving the front end waiting forever). Each socket's sends
// now queue behind the one before.

/** What tslab's code knows of a zeromq.js socket. */
interface Socket {
  send(frames: unknown[]): Promise<void>;
  readonly closed: boolean;
}

const queues = new WeakMap<Socket, Promise<void>>();

/** Sends `frames` on `sock` after every message sent on it before; a failure is reported on the kernel's stderr. */
export function sendInOrder(sock: Socket, frames: unknown[]): void {
  const previous = queues.get(sock) ?? Promise.resolve();
  const sent = previous
    .then(() => sock.send(frames))
    .catch((error: unknown) => {
      // At shutdown the sockets close with messages still queued: nobody is left to read them.
      if (sock.closed) return;
      process.stderr.write(
        `tslab: a Jupyter message could not be sent: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    });
  queues.set(sock, sent);
}
