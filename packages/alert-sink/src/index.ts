export { CHANNELS, pagerDutyProblems, startAlertSink, type AlertSink, type AlertSinkOptions, type Channel, type FailureSwitch, type RecordedRequest } from './alert-sink';
