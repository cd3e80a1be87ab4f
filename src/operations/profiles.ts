import type { ProbeRequest, ProfileCreate, ProfileUpdate } from "../api-types.ts";
import { testProfile } from "../services/probe.ts";
import { createProfile, deleteProfile, listProfiles, updateProfile } from "../services/profiles.ts";
import { syncModels } from "../services/sync-models.ts";
import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

type ProfileOperations = "createProfile" | "listProfiles" | "updateProfile" | "deleteProfile" | "syncModels" | "testProfile";

export function profileHandlers({ services }: OperationDeps): Record<ProfileOperations, OperationHandler> {
  return {
    createProfile: async (req, res) => {
      const body: ResponseBody<"createProfile", 201> = await createProfile(services, req.body as ProfileCreate);
      res.status(201).json(body);
    },
    listProfiles: async (_req, res) => {
      const body: ResponseBody<"listProfiles", 200> = { data: await listProfiles(services) };
      res.status(200).json(body);
    },
    updateProfile: async (req, res) => {
      const body: ResponseBody<"updateProfile", 200> = await updateProfile(services, String(req.params.id), req.body as ProfileUpdate);
      res.status(200).json(body);
    },
    deleteProfile: async (req, res) => {
      await deleteProfile(services, String(req.params.id));
      res.status(204).end();
    },
    syncModels: async (req, res) => {
      const result = await syncModels(services, String(req.params.id));
      res.status(result.ok ? 200 : 502).json(result);
    },
    testProfile: async (req, res) => {
      const body: ResponseBody<"testProfile", 200> = await testProfile(services, String(req.params.id), (req.body as ProbeRequest).model_name);
      res.status(200).json(body);
    },
  };
}
