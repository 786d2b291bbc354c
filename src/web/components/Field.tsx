/** A labelled read-only value on record pages. */
import { Text } from "@mantine/core";
import type { ReactNode } from "react";

export function Field({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text data-testid={testId} style={{ whiteSpace: "pre-line" }}>
        {value || "—"}
      </Text>
    </div>
  );
}
