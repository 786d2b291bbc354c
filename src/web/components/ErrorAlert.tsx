import { Alert } from "@mantine/core";
import { ApiError } from "../api/client";

export function ErrorAlert({ error, testId = "error" }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.body.message : String(error);
  return (
    <Alert color="red" role="alert" data-testid={testId}>
      {message}
    </Alert>
  );
}
