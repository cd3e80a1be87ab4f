import { chatDialect } from "./chat/index.ts";
import { messagesDialect } from "./messages/index.ts";
import { responsesDialect } from "./responses/index.ts";
import type { DialectId, InboundDialect } from "./types.ts";

/** Each dialect agents may speak, and the code that reads and writes it. */
export const dialects: Record<DialectId, InboundDialect> = {
  chat: chatDialect,
  messages: messagesDialect,
  responses: responsesDialect,
};
