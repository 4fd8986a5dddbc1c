/**
 * DSSE (Dead Simple Signing Envelope, https://github.com/secure-systems-lab/dsse, envelope.md and
 * protocol.md) over the pack's manifest, signed with an Ed25519 key through node:crypto.
 *
 * protocol.md: the signature is over PAE(type, body) =
 *   "DSSEv1" + SP + LEN(type) + SP + type + SP + LEN(body) + SP + body
 * where SP is one ASCII space and LEN the byte length as ASCII decimal without leading zeros;
 * the envelope (envelope.md) is `{ payload: base64(body), payloadType: type, signatures: [{ keyid, sig: base64 }] }`
 * with standard base64. Verification decodes the payload, rebuilds PAE and checks the signature.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { sha256Hex } from './sums.ts';

export const manifestPayloadType = 'application/vnd.aiposture.manifest+json';

export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

/** Pre-Authentication Encoding (protocol.md). */
export function pae(payloadType: string, body: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), Buffer.from(body)]);
}

/** The key id written in envelopes and the manifest: sha256 of the public key's SubjectPublicKeyInfo (DER), hex. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' }));
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

export function signEnvelope(payloadType: string, body: Uint8Array, privateKey: KeyObject): DsseEnvelope {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 private key, got ${privateKey.asymmetricKeyType ?? privateKey.type}`);
  const sig = sign(null, pae(payloadType, body), privateKey);
  return {
    payloadType,
    payload: Buffer.from(body).toString('base64'),
    signatures: [{ keyid: keyIdOf(createPublicKey(privateKey)), sig: sig.toString('base64') }],
  };
}

/** The envelope's payload when one of its signatures verifies with `publicKey`; a problem otherwise. */
export function verifyEnvelope(envelope: unknown, publicKey: KeyObject): { payload: Buffer; payloadType: string } | { problem: string } {
  const candidate = envelope as Partial<DsseEnvelope> | null;
  if (
    !candidate ||
    typeof candidate.payloadType !== 'string' ||
    typeof candidate.payload !== 'string' ||
    !Array.isArray(candidate.signatures) ||
    candidate.signatures.length === 0
  )
    return { problem: 'not a DSSE envelope (payloadType, payload, signatures)' };
  const payload = Buffer.from(candidate.payload, 'base64');
  const message = pae(candidate.payloadType, payload);
  for (const signature of candidate.signatures) {
    if (typeof signature?.sig !== 'string') continue;
    if (verify(null, message, publicKey, Buffer.from(signature.sig, 'base64'))) return { payload, payloadType: candidate.payloadType };
  }
  return { problem: `no signature verifies with the public key ${keyIdOf(publicKey).slice(0, 16)}…` };
}
