/** `qorgan audit verify` and `qorgan audit checkpoint` (see modules/audit/audit.checkpoints.ts). */
import { join } from "node:path";
import type { Command, Option } from "commander";
import type { RuntimeConfig } from "../server/config";
import {
  auditReportLines,
  checkpointSettingsFrom,
  ensureSigningKey,
  verifyAuditLog,
  writeCheckpoint,
} from "../server/modules/audit";
import type { Database } from "../server/platform/db";

type Cli = {
  env: RuntimeConfig;
  withDb: <T>(dataDir: string, fn: (db: Database) => Promise<T>) => Promise<T>;
  dataDirOption: () => Option;
};

export function auditCommands(program: Command, { env, withDb, dataDirOption }: Cli): void {
  const audit = program.command("audit").description("audit log");
  audit
    .command("verify")
    .description(
      "check the hash chain of the audit log and compare it with the signed checkpoints; exit code 1 " +
        "when an entry was edited or removed, the log was cut short or rewritten, or a checkpoint is forged",
    )
    .option(
      "--public-key <file>",
      "the checkpoints' public key (default: next to the signing key, QORGAN_AUDIT_KEY → ….pub.pem)",
    )
    .option("--checkpoint-dir <dir>", "where the checkpoints are (default: QORGAN_AUDIT_CHECKPOINT_DIR)")
    .addOption(dataDirOption())
    .action(async (o) => {
      let dir: string | null = o.checkpointDir ?? null;
      let publicKeyPath: string | null = o.publicKey ?? null;
      let off: string | undefined;
      try {
        const s = checkpointSettingsFrom({ ...env, dataDir: o.dataDir });
        if ("settings" in s) {
          dir ??= s.settings.dir;
          publicKeyPath ??= s.settings.publicKeyPath;
        } else off = s.off;
      } catch (e) {
        // A half setting: what the options give is enough to verify.
        if (!dir || !publicKeyPath) throw e;
      }
      await withDb(o.dataDir, async (db) => {
        const report = await verifyAuditLog(db, { dir, publicKeyPath });
        if (!dir && off) report.checkpoints.note = `off (${off}): only the chain was checked`;
        const { out, err } = auditReportLines(report);
        for (const l of out) console.log(l);
        for (const l of err) console.error(l);
        if (!report.ok) process.exitCode = 1;
      });
    });
  audit
    .command("checkpoint")
    .description(
      "sign a checkpoint of the audit chain's head now and write it to the checkpoint directory " +
        "(skipped when the head has not moved since the latest one)",
    )
    .addOption(dataDirOption())
    .action(async (o) => {
      const s = checkpointSettingsFrom({ ...env, dataDir: o.dataDir });
      if ("off" in s) throw new Error(`audit checkpoints are off: ${s.off}`);
      const key = ensureSigningKey(s.settings.keyPath);
      if (key.created)
        console.log(
          `Created the signing key ${key.keyPath} (public key ${key.publicKeyPath}, id ${key.keyId}).`,
        );
      await withDb(o.dataDir, async (db) => {
        const r = await writeCheckpoint(db, key, s.settings.dir);
        if ("written" in r) {
          console.log(
            `Checkpoint written: ${join(s.settings.dir, r.written)} (${r.payload.length} entries up to ` +
              `#${r.payload.headId}).`,
          );
          if (r.warning) console.error(`Warning: ${r.warning}`);
        } else console.log(`No checkpoint written: ${r.skipped}.`);
      });
    });
}
