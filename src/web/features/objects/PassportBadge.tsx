/** Where an object stands with its passport, coloured. */
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";

const COLOR: Record<string, string> = {
  none: "gray",
  draft: "gray",
  submitted: "blue",
  returned: "orange",
  valid: "green",
  due: "yellow",
  expired: "red",
};

export function PassportBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOR[state] ?? "gray"} variant="light" data-testid="passport-state" data-state={state}>
      {t(`objects.passportState.${state}`)}
    </Badge>
  );
}
