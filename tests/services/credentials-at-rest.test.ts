import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/service.ts";

const API_KEY = "sk-at-rest-super-secret-0042";
let svc: TestService;
let id: string;
beforeAll(async () => {
  svc = await startTestService();
  const res = await svc.admin.POST("/admin/profiles", {
    body: { profile_name: "rest", provider_type: "openai_compatible", base_url: "http://127.0.0.1:9", credentials: { api_key: API_KEY } },
  });
  id = res.data!.id;
});
afterAll(() => svc.stop());

describe("credentials at rest", () => {
  it("stores only ciphertext: no column of the row holds the key", async () => {
    const rows = await svc.services.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM profiles WHERE id = '${id}'`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(API_KEY);
    expect(String(rows[0]!.credentials_ciphertext)).toMatch(/^v1\./);
  });

  it("never returns the key from any endpoint", async () => {
    const bodies = await Promise.all([
      svc.admin.GET("/admin/profiles").then((r) => JSON.stringify(r.data)),
      svc.admin.POST("/admin/profiles/{id}/sync-models", { params: { path: { id } } }).then((r) => JSON.stringify(r.error ?? r.data)),
      svc.admin.POST("/admin/models", { body: { profile_name: "rest", model_name: "m" } }).then((r) => JSON.stringify(r.data)),
    ]);
    for (const body of bodies) expect(body).not.toContain(API_KEY);
  });

  it("refuses a tampered row with a clear error instead of using garbage", async () => {
    const [row] = await svc.services.prisma.$queryRawUnsafe<{ credentials_ciphertext: string }[]>(
      `SELECT credentials_ciphertext FROM profiles WHERE id = '${id}'`,
    );
    const parts = row!.credentials_ciphertext.split(".");
    const body = Buffer.from(parts[3]!, "base64");
    body[0]! ^= 0xff;
    parts[3] = body.toString("base64");
    await svc.services.prisma.profile.update({ where: { id }, data: { credentialsCiphertext: parts.join(".") } });
    const res = await svc.admin.POST("/admin/profiles/{id}/sync-models", { params: { path: { id } } });
    expect(res.response.status).toBe(500);
    const error = (res.error as unknown as { error: { type: string; message: string } }).error;
    expect(error.type).toBe("credentials_unreadable");
    expect(error.message).toMatch(/credentials of profile 'rest' cannot be decrypted/);
  });
});
