/**
 * Every test runs offline: credential chains must not probe cloud metadata services and
 * no socket may leave the loopback interface.
 */
import net from 'node:net';

process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDTESTLOOPBACK';
process.env.AWS_SECRET_ACCESS_KEY ??= 'loopback-secret';
process.env.AWS_REGION ??= 'us-east-1';
delete process.env.AWS_PROFILE;
process.env.AWS_CONFIG_FILE = '/dev/null';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
// google-auth-library: never probe the GCE metadata server; no ambient service-account key.
process.env.METADATA_SERVER_DETECTION = 'none';
delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
// @azure/identity: no ambient identity endpoint.
delete process.env.IDENTITY_ENDPOINT;
delete process.env.MSI_ENDPOINT;

const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const options = (typeof first === 'object' && first !== null ? first : { port: first, host: args[1] }) as { host?: unknown; path?: unknown };
  const host = typeof options.host === 'string' ? options.host : undefined;
  if (options.path === undefined && host !== undefined && !loopback.test(host)) {
    throw new Error(`Test tried to connect to ${host}: tests may only talk to 127.0.0.1`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
