/** The outcome of a form: what was done, or the API's error in plain words. */
export type Result = { text: string; error: boolean } | null;

export function FormResult({ result }: { result: Result }) {
  if (!result) return null;
  return (
    <p class={result.error ? "note error" : "note ok"} role={result.error ? "alert" : "status"}>
      {result.text}
    </p>
  );
}
