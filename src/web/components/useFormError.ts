/**
 * A form's refusal from the server: the message for each field it names (shown under that input) and
 * the error to show above or below the form — none when every message already stands at a field.
 */
import { useState } from "react";
import { ApiError } from "../api/client";

export function useFormError() {
  const [error, setError] = useState<unknown>(null);
  const fieldError = (path: string) => (error instanceof ApiError ? error.fieldMessage(path) : undefined);
  const formError = error && !(error instanceof ApiError && error.body.fields) ? error : null;
  return { error, setError, fieldError, formError };
}
