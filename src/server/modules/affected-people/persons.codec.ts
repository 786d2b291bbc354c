/**
 * Personal data in and out of the row: every protected field encrypted with the context of its own
 * row and column (a ciphertext copied elsewhere is refused), the look-up hashes made the same way
 * everywhere. The only place that knows which columns are protected.
 */
import { nameBirthKey } from "../../../domain/affected-people";
import type { FieldCipher } from "../../platform/field-crypto";
import type { affectedPerson } from "./affected-people.tables";

type PersonRow = typeof affectedPerson.$inferSelect;

export type Identity = {
  iin: string | null;
  surname: string;
  givenName: string;
  patronymic: string;
  birthDate: string | null;
  phone: string;
  address: string;
};

export const iinLookupHash = (cipher: FieldCipher, iin: string) => cipher.lookupHash("iin", iin);

const ctx = (column: string, id: string) => `affected_person.${column}:${id}`;
export const entryContext = (id: string) => `affected_person_entry.details:${id}`;

/** The protected columns of person `id` for this identity. */
export function encodeIdentity(cipher: FieldCipher, id: string, p: Identity) {
  const key = nameBirthKey(p.surname, p.givenName, p.birthDate);
  return {
    iinHash: p.iin ? iinLookupHash(cipher, p.iin) : null,
    iinEnc: p.iin ? cipher.encrypt(p.iin, ctx("iin", id)) : null,
    nameEnc: cipher.encryptJson(
      { surname: p.surname, givenName: p.givenName, patronymic: p.patronymic },
      ctx("name", id),
    ),
    birthDateEnc: p.birthDate ? cipher.encrypt(p.birthDate, ctx("birth_date", id)) : null,
    contactsEnc: cipher.encryptJson({ phone: p.phone, address: p.address }, ctx("contacts", id)),
    nameBirthHash: key ? cipher.lookupHash("name_birth", key) : null,
  };
}

/** Name and date of birth only (lists): the fewest fields decrypted. */
export function decodeName(cipher: FieldCipher, r: PersonRow) {
  const n = cipher.decryptJson<{ surname: string; givenName: string; patronymic: string }>(
    r.nameEnc,
    ctx("name", r.id),
  );
  return {
    surname: n?.surname ?? "",
    givenName: n?.givenName ?? "",
    patronymic: n?.patronymic ?? "",
    birthDate: r.birthDateEnc ? cipher.decrypt(r.birthDateEnc, ctx("birth_date", r.id)) : null,
  };
}

export function decodeIdentity(cipher: FieldCipher, r: PersonRow): Identity {
  const contacts = cipher.decryptJson<{ phone: string; address: string }>(
    r.contactsEnc,
    ctx("contacts", r.id),
  );
  return {
    ...decodeName(cipher, r),
    iin: r.iinEnc ? cipher.decrypt(r.iinEnc, ctx("iin", r.id)) : null,
    phone: contacts?.phone ?? "",
    address: contacts?.address ?? "",
  };
}

export const encodeDetails = (cipher: FieldCipher, entryId: string, details: string) =>
  details ? cipher.encrypt(details, entryContext(entryId)) : null;

export const decodeDetails = (cipher: FieldCipher, entryId: string, stored: string | null) =>
  stored ? cipher.decrypt(stored, entryContext(entryId)) : "";
