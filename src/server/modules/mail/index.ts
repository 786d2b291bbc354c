/**
 * The mail module's public face: a transactional outbox of e-mail (queued in the caller's
 * transaction, sent by a worker after commit, retried with backoff) and its settings.
 */
export {
  type MailConfig,
  type MailMessage,
  mailConfigFrom,
  queueMail,
  retargetQueuedMail,
  startMailWorker,
} from "./mail.service";
