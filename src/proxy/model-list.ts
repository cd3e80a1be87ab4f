import type { PrismaClient } from "../db/prisma-client/client.ts";
import { LoadCache } from "./load-cache.ts";

async function buildModelList(prisma: PrismaClient): Promise<string> {
  const models = await prisma.model.findMany({
    where: { enabled: true },
    include: { profile: { select: { profileName: true } } },
    orderBy: [{ profile: { profileName: "asc" } }, { modelName: "asc" }],
  });
  return JSON.stringify({
    object: "list",
    data: models.map((m) => ({
      id: `${m.profile.profileName}::${m.modelName}`,
      object: "model",
      created: Math.floor(m.createdAt.getTime() / 1000),
      owned_by: m.profile.profileName,
    })),
  });
}

/** The `/v1/models` answer, built once and kept until a profile or model changes. */
export class ModelListCache extends LoadCache<"all", string> {
  constructor(prisma: PrismaClient) {
    super(() => buildModelList(prisma));
  }

  json(): Promise<string> {
    return this.get("all");
  }
}
