import { CredentialsUnreadableError, openCredentials, sealCredentials } from "./credentials.ts";
import type { PrismaClient } from "../db/prisma-client/client.ts";
import { AppError } from "../errors.ts";

export interface RotationResult {
  /** Profiles re-sealed under the new key. */
  resealed: number;
  /** Profiles already sealed under the new key (a rotation run again). */
  alreadyNew: number;
}

export interface RotationOptions {
  /** Called after each profile is re-sealed, inside the transaction (tests interrupt the rotation here). */
  afterEach?: (done: number) => void | Promise<void>;
}

const tryOpen = (key: Buffer, id: string, sealed: string, name: string) => {
  try {
    return openCredentials(key, id, sealed, name);
  } catch (err) {
    if (err instanceof CredentialsUnreadableError) return undefined;
    throw err;
  }
};

/**
 * Re-seals every profile's credentials under `newKey`, all or nothing: one transaction holds every
 * profile row locked, and any failure (a row neither key opens, a crash, a lost connection) rolls it
 * all back, leaving every credential as readable as before under the old key.
 */
export async function rotateSealingKey(prisma: PrismaClient, oldKey: Buffer, newKey: Buffer, options: RotationOptions = {}): Promise<RotationResult> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "profiles" FOR UPDATE`;
      const profiles = await tx.profile.findMany({ orderBy: { id: "asc" } });
      const result: RotationResult = { resealed: 0, alreadyNew: 0 };
      for (const profile of profiles) {
        const credentials = tryOpen(oldKey, profile.id, profile.credentialsCiphertext, profile.profileName);
        if (!credentials) {
          if (tryOpen(newKey, profile.id, profile.credentialsCiphertext, profile.profileName)) {
            result.alreadyNew++;
            continue;
          }
          throw new AppError(
            500,
            "credentials_unreadable",
            `Profile '${profile.profileName}' opens with neither the old nor the new key; nothing was changed. ` +
              "Check ROUTER_KMS_KEY_OLD (the key the service used until now), or re-enter that profile's key with PATCH /admin/profiles/{id} first.",
          );
        }
        await tx.profile.update({
          where: { id: profile.id },
          data: { credentialsCiphertext: sealCredentials(newKey, profile.id, credentials), updatedAt: profile.updatedAt },
        });
        result.resealed++;
        await options.afterEach?.(result.resealed);
      }
      return result;
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
}
