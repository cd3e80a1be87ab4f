import express, { type RequestHandler } from "express";

/**
 * Swagger UI for the contract, loaded on the first visit to /docs: most running services are never
 * asked for it, and it holds the whole spec rendered into its page.
 */
export function docsRoute(document: object): RequestHandler {
  let router: Promise<express.Router> | undefined;
  const load = async () => {
    const { default: swaggerUi } = await import("swagger-ui-express");
    return express.Router().use(swaggerUi.serve, swaggerUi.setup(document, { swaggerOptions: { persistAuthorization: true } }));
  };
  return (req, res, next) => {
    (router ??= load()).then((docs) => docs(req, res, next), next);
  };
}
