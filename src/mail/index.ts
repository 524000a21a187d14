export { enqueueMail, MAIL_MAX_ATTEMPTS, MAIL_QUEUE, type OutgoingMail } from './outbox.ts';
export {
  logTransport,
  type MailMessage,
  type MailTransport,
  mailQueue,
  maskEmail,
  smtpTransport,
} from './sender.ts';
