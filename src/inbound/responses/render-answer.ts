import type { Response } from "../../proxy/neutral.ts";
import type { AnswerContext } from "../types.ts";
import { customCallInput, customToolNames } from "./custom-tools.ts";
import { callItem, ending, messageItem, newId, reasoningItem, responseObject, wantsEncryptedReasoning, type OutputItem } from "./response-object.ts";

/** A neutral answer as a Responses object: reasoning, message and call items in the order the model gave them. */
export function renderResponsesAnswer(answer: Response, { model, created }: AnswerContext, body: Record<string, unknown>): string {
  const custom = customToolNames(body);
  const output: OutputItem[] = [];
  for (const part of answer.content) {
    const previous = output.at(-1);
    if (part.type === "text") {
      if (previous?.type === "message") (previous.content as Array<{ text: string }>)[0]!.text += part.text;
      else output.push(messageItem(newId("msg"), part.text, "completed"));
    } else if (part.type === "reasoning") {
      output.push(reasoningItem(newId("rs"), part.text, part.opaque, wantsEncryptedReasoning(body)));
    } else {
      const isCustom = custom.has(part.name);
      output.push(callItem(newId(isCustom ? "ctc" : "fc"), part.id, part.name, isCustom ? customCallInput(part.arguments) : part.arguments, isCustom, "completed"));
    }
  }
  const { status, incomplete_details } = ending(answer.finishReason);
  return JSON.stringify(responseObject({ id: newId("resp"), model, createdAt: created, status, incompleteDetails: incomplete_details, output, usage: answer.usage }, body));
}
