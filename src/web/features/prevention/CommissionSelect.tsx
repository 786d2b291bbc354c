/** Which of the user's commissions a new plan, meeting or exercise belongs to. */
import { NativeSelect } from "@mantine/core";
import { nameOf } from "../../format";
import type { CommissionGrant } from "./api";

export function CommissionSelect({
  grants,
  value,
  onChange,
  label,
}: {
  grants: CommissionGrant[];
  value: string;
  onChange: (bodyId: string) => void;
  label?: string;
}) {
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={grants.map((g) => ({ value: g.bodyId, label: nameOf(g.bodyName) }))}
    />
  );
}
