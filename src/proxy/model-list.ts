import type { PrismaClient } from "../db/prisma-client/client.ts";
import { LoadCache } from "./load-cache.ts";

interface ModelList {
  /** The whole list as /v1/models answers it. */
  json: string;
  /** Each model as /v1/models/{id} answers it, by id. */
  byId: Map<string, string>;
}

async function buildModelList(prisma: PrismaClient): Promise<ModelList> {
  const models = await prisma.model.findMany({
    where: { enabled: true },
    include: { profile: { select: { profileName: true } } },
    orderBy: [{ profile: { profileName: "asc" } }, { modelName: "asc" }],
  });
  const data = models.map((m) => ({
    id: `${m.profile.profileName}::${m.modelName}`,
    object: "model",
    created: Math.floor(m.createdAt.getTime() / 1000),
    owned_by: m.profile.profileName,
  }));
  return { json: JSON.stringify({ object: "list", data }), byId: new Map(data.map((model) => [model.id, JSON.stringify(model)])) };
}

/** The `/v1/models` answers, built once and kept until a profile or model changes. */
export class ModelListCache extends LoadCache<"all", ModelList> {
  constructor(prisma: PrismaClient) {
    super(() => buildModelList(prisma));
  }

  async json(): Promise<string> {
    return (await this.get("all")).json;
  }

  /** One enabled model's JSON; undefined when no enabled model has that id. */
  async model(id: string): Promise<string | undefined> {
    return (await this.get("all")).byId.get(id);
  }
}
