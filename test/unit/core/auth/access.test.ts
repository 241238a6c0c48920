// What each role and key scope may do, and what each request needs.
import { describe, expect, it } from 'vitest';
import { accessOfRole, accessOfScope, allows, requiredAccess } from '../../../../src/core/auth/access.ts';

describe('access', () => {
  it('maps roles and scopes to levels; keys from before scopes keep full access', () => {
    expect(['admin', 'owner', 'operator', 'viewer'].map(accessOfRole)).toEqual(['manage', 'manage', 'send', 'read']);
    expect(['read', 'send', 'manage', 'account', 'admin'].map(accessOfScope)).toEqual(['read', 'send', 'manage', 'manage', 'manage']);
  });

  it('levels include the ones below', () => {
    expect(allows('manage', 'send') && allows('send', 'read') && allows('read', 'read')).toBe(true);
    expect(allows('read', 'send') || allows('send', 'manage')).toBe(false);
  });

  it('reads need read, writes send, users/keys/audit/sub-accounts manage; a route may declare its need', () => {
    expect(requiredAccess('GET', '/v1/messages')).toBe('read');
    expect(requiredAccess('HEAD', '/v1/messages')).toBe('read');
    expect(requiredAccess('POST', '/v1/messages')).toBe('send');
    expect(requiredAccess('DELETE', '/v1/blacklist')).toBe('send');
    expect(requiredAccess('GET', '/v1/users')).toBe('manage');
    expect(requiredAccess('PATCH', '/v1/users/bob')).toBe('manage');
    expect(requiredAccess('GET', '/v1/api-keys/k1')).toBe('manage');
    expect(requiredAccess('GET', '/v1/audit')).toBe('manage');
    expect(requiredAccess('POST', '/v1/accounts/acme/sub-accounts')).toBe('manage');
    expect(requiredAccess('POST', '/v1/auth/password')).toBe('read');
    expect(requiredAccess('POST', '/v1/messages/preview', 'read')).toBe('read');
    // A declaration cannot open up the account's own administration.
    expect(requiredAccess('POST', '/v1/users', 'read')).toBe('manage');
    expect(requiredAccess('GET', '/v1/usersettings')).toBe('read');
  });
});
