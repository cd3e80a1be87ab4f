import { openCredentials } from "../crypto/credentials.ts";
import type { ServiceContext } from "./context.ts";

export interface CredentialsStatus {
  ok: boolean;
  /** Profiles whose stored key was tried. */
  checked: number;
  /** Profiles whose stored key this service's sealing key cannot open. */
  unreadable: string[];
  message?: string;
}

/**
 * Tries to open every profile's stored key with this service's sealing key. None opening means the
 * key is wrong (not the one they were sealed with); some not opening means those rows were altered.
 */
export async function checkCredentials(ctx: Pick<ServiceContext, "prisma" | "sealingKey">, keyName: string): Promise<CredentialsStatus> {
  const rows = await ctx.prisma.profile.findMany({ select: { id: true, profileName: true, credentialsCiphertext: true } });
  const unreadable = rows
    .filter((row) => {
      try {
        openCredentials(ctx.sealingKey, row.id, row.credentialsCiphertext, row.profileName);
        return false;
      } catch {
        return true;
      }
    })
    .map((row) => row.profileName);
  const status: CredentialsStatus = { ok: rows.length === 0 || unreadable.length < rows.length, checked: rows.length, unreadable };
  if (!status.ok) {
    status.message = `${keyName} does not open any stored provider key (${rows.length} profiles): it is not the key they were sealed with. Restore the previous ${keyName}, or re-create the profiles.`;
  } else if (unreadable.length > 0) {
    status.message = `The stored keys of profiles ${unreadable.map((n) => `'${n}'`).join(", ")} cannot be opened (altered rows?): re-create those profiles.`;
  }
  return status;
}
