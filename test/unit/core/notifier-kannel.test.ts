// Notifier with a Kannel dlr-url: a 'kannel' outbox item with the filled URL next to the account's
// webhook, and nothing for states the mask does not ask for.
import { describe, expect, it } from 'vitest';
import { encodeKannelDlr } from '../../../src/core/kannel-dlr.ts';
import type { Message } from '../../../src/core/message.ts';
import { Notifier } from '../../../src/core/notifier.ts';
import type { Account, Store } from '../../../src/store/types.ts';

const account = { id: 'a1', callbackUrl: 'https://hooks.example/a1' } as Account;
const store = { accounts: { get: async (id: string) => (id === 'a1' ? account : null) }, settings: { get: async () => null } } as unknown as Store;

function message(state: Message['state'], callbackUrl: string | null): Message {
  return { id: 'M1', accountId: 'a1', source: 'api', recipient: '+8613800138000', sender: 'ACME', text: 'x', encoding: 'gsm7', state, connectorId: 'sim', errorCode: null, errorMessage: null, callbackUrl, wantReceipt: true } as unknown as Message;
}

describe('Notifier with a Kannel dlr-url', () => {
  const notifier = new Notifier(store, () => 1_000_000);
  const marker = encodeKannelDlr({ mask: 1, url: 'http://app.example/dlr?s=%d&id=%I' });

  it('adds a kannel item with the expanded URL and keeps the account webhook', async () => {
    const items = await notifier.statusItems(message('delivered', marker), () => null);
    expect(items.map((i) => [i.kind, i.target])).toEqual([
      ['http', 'https://hooks.example/a1'],
      ['kannel', 'http://app.example/dlr?s=1&id=M1'],
    ]);
  });

  it('adds none when the mask does not ask for the state, and never posts JSON to the marker', async () => {
    const items = await notifier.statusItems(message('undelivered', marker), () => null);
    expect(items.map((i) => i.kind)).toEqual(['http']);
    expect(items[0].target).toBe('https://hooks.example/a1');
  });
});
