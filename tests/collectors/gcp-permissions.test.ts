import { describe, expect, it } from 'vitest';
import { OAuth2Client } from 'google-auth-library';
import { GcpClientFactory, gcpEndpoint } from '../../collectors/gcp/clients.ts';
import { gcpLeastPrivilegeRole, gcpOperationFor, gcpOperations } from '../../collectors/gcp/operations.ts';
import { classifyGcpError, gcpThrottle } from '../../collectors/gcp/errors.ts';
import { InputError } from '../../src/errors.ts';

describe('GCP read-only allow-list and endpoint', () => {
  it('grants only get/list permissions', () => {
    const role = gcpLeastPrivilegeRole();
    expect(role.includedPermissions).toHaveLength(new Set(gcpOperations.map((operation) => operation.permission)).size);
    for (const permission of role.includedPermissions) expect(permission).toMatch(/\.(get|list|getIamPolicy)$/);
  });

  it('matches only the read routes', () => {
    expect(gcpOperationFor('GET', '/v1/organizations/999/locations/global/floorSetting')?.name).toBe('FloorSettings_Get');
    expect(gcpOperationFor('PATCH', '/v1/organizations/999/locations/global/floorSetting')).toBeUndefined();
    expect(gcpOperationFor('POST', '/v1/projects/p/locations/us/templates/t:sanitizeUserPrompt')).toBeUndefined();
    expect(gcpOperationFor('POST', '/v3/projects/p:setIamPolicy')).toBeUndefined();
  });

  it('refuses a request off the allow-list before it is sent', async () => {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: 'x' });
    const calls: unknown[] = [];
    const factory = new GcpClientFactory(auth, gcpEndpoint('http://127.0.0.1:9'), (call) => calls.push(call));
    await expect(factory.modelArmor().deleteTemplate({ name: 'projects/p/locations/us/templates/t' })).rejects.toThrow(
      /Refusing DELETE .*: not on the read-only allow-list/,
    );
    expect(calls).toEqual([]);
    await factory.close();
  });

  it('accepts plain http only for loopback and maps both error families', () => {
    expect(gcpEndpoint('http://127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080, protocol: 'http' });
    expect(() => gcpEndpoint('http://192.168.1.10:8080')).toThrow(InputError);
    expect(classifyGcpError({ code: 7, message: 'denied' }).status).toBe('denied');
    expect(classifyGcpError({ status: 403, message: 'denied' }).status).toBe('denied');
    expect(classifyGcpError({ code: 7, message: 'Model Armor API has not been used in project 1 before or it is disabled' }).status).toBe('unsupported');
    expect(gcpThrottle({ code: 8 })).toEqual({ throttled: true });
    expect(gcpThrottle({ response: { status: 429, headers: { 'retry-after': '2' } } })).toEqual({ throttled: true, retryAfterMs: 2000 });
  });
});
