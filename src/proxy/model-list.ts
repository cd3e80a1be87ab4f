import type { PrismaClient } from "../db/prisma-client/client.ts";

/** The `/v1/models` answer, built once and kept until a profile or model changes. */
export class ModelListCache {
  private cached: Promise<string> | undefined;
  private generation = 0;

  constructor(private readonly prisma: PrismaClient) {}

  invalidate(): void {
    this.generation++;
    this.cached = undefined;
  }

  json(): Promise<string> {
    if (this.cached) return this.cached;
    const generation = this.generation;
    const building = this.build();
    this.cached = building;
    building.then(
      () => generation !== this.generation && this.cached === building && (this.cached = undefined),
      () => this.cached === building && (this.cached = undefined),
    );
    return building;
  }

  private async build(): Promise<string> {
    const models = await this.prisma.model.findMany({
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
}
