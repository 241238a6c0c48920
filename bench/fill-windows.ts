// The load pattern of the session benchmarks: each client keeps its window full until its share is sent.
import { once, type EventEmitter } from 'node:events';

/** Splits `total` submits over the clients; each submits whenever it has room, and waits for 'drain' when it has none. */
export async function fillWindows<C extends EventEmitter & { readonly busy: boolean }>(clients: C[], total: number, submit: (client: C) => void): Promise<void> {
  await Promise.all(
    clients.map(async (client, index) => {
      const share = Math.floor(total / clients.length) + (index === 0 ? total % clients.length : 0);
      for (let sent = 0; sent < share; ) {
        if (client.busy) {
          await once(client, 'drain');
          continue;
        }
        sent++;
        submit(client);
      }
    }),
  );
}
