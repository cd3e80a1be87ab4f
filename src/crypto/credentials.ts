import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "../errors.ts";

/** What a profile's credentials hold once decrypted. */
export interface Credentials {
  api_key: string;
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The sealing key: ROUTER_KMS_KEY when set, else SHA-256 of the admin key. */
export function deriveSealingKey(kmsKey: Buffer | undefined, adminKey: string): Buffer {
  return kmsKey ?? createHash("sha256").update(adminKey, "utf8").digest();
}

/**
 * AES-256-GCM with a fresh 96-bit IV each time. `context` (the profile id) is bound as additional
 * data, so a ciphertext copied onto another row fails to open.
 */
export function sealCredentials(key: Buffer, context: string, credentials: Credentials): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64"), tag.toString("base64"), body.toString("base64")].join(".");
}

export class CredentialsUnreadableError extends AppError {
  constructor(profileName: string) {
    super(
      500,
      "credentials_unreadable",
      `The stored credentials of profile '${profileName}' cannot be decrypted: the row was altered or ` +
        "ROUTER_KMS_KEY/ROUTER_ADMIN_KEY differs from the one they were saved with. Restore the key, or delete and re-create the profile.",
    );
  }
}

export function openCredentials(key: Buffer, context: string, sealed: string, profileName: string): Credentials {
  const [version, iv, tag, body, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !body || rest.length > 0) throw new CredentialsUnreadableError(profileName);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
    const parsed = JSON.parse(plain) as Credentials;
    if (typeof parsed.api_key !== "string") throw new Error("no api_key");
    return parsed;
  } catch {
    throw new CredentialsUnreadableError(profileName);
  }
}

/** A hint safe to show: the key's prefix up to its first dash and its last four characters. */
export function maskApiKey(apiKey: string): string {
  const tail = apiKey.length > 8 ? apiKey.slice(-4) : "";
  const prefix = /^[A-Za-z]{2,8}-/.exec(apiKey)?.[0] ?? "";
  return `${prefix}…${tail}`;
}
