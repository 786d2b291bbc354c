/** The steps the API allows on this assignment for this user, each opening its form. */
import { Button, Card, Group } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AssignmentAction } from "../../../domain/prevention";
import type { AssignmentDetail } from "../../api/types";
import { ActionForm } from "./ActionForm";

export function AssignmentActions({
  a,
  onDone,
}: {
  a: AssignmentDetail;
  onDone: (next: AssignmentDetail) => void;
}) {
  const { t } = useTranslation();
  const [action, setAction] = useState<AssignmentAction | null>(null);
  return (
    <Card withBorder>
      <Group mb="sm">
        {a.allowedActions.map((x) => (
          <Button
            key={x}
            variant={action === x ? "filled" : "light"}
            color={
              x === "return" || x === "refuse_extension" ? "orange" : x === "accept" ? "green" : undefined
            }
            onClick={() => setAction(x)}
            data-testid={`action-${x}`}
          >
            {t(`assignmentAction.${x}`)}
          </Button>
        ))}
      </Group>
      {action && a.allowedActions.includes(action) && (
        <ActionForm
          key={`${action}-${a.version}`}
          a={a}
          action={action}
          onDone={(next) => {
            onDone(next);
            setAction(null);
          }}
        />
      )}
    </Card>
  );
}
