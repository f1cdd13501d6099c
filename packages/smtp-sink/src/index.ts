export { startSmtpSink, type ReceivedMessage, type SmtpSink, type SmtpSinkOptions } from './smtp-sink';
