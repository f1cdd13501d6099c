import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Resolves with the Message-ID once the SMTP server accepted the message; rejects otherwise. */
  send(email: OutgoingEmail): Promise<string>;
  close(): void;
}

/**
 * SMTP through nodemailer, with pooled connections and short timeouts: a dead mail server must fail
 * the send within seconds (the event is then retried), not hang the consumer for minutes.
 */
export function createSmtpMailer({ url, from }: { url: string; from: string }): Mailer {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: parsed.hostname,
    port: Number(parsed.port) || (secure ? 465 : 587),
    secure,
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });

  return {
    async send({ to, subject, text }) {
      const info = await transport.sendMail({ from, to, subject, text });
      return info.messageId;
    },
    close: () => transport.close(),
  };
}
