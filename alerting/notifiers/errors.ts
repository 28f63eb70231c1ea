import { FaultlineError } from '../../core/faultline-error.js';

export const NotifierErrorCode = {
  /** The receiver refused the notification and sending it again will not change that (4xx). */
  Rejected: 'FL_NOTIFIER_REJECTED',
  /** Server error, timeout, network failure or rate limit, still so after the bounded retries. */
  Unavailable: 'FL_NOTIFIER_UNAVAILABLE',
  /** The notifier was closed before the notification went out. */
  Closed: 'FL_NOTIFIER_CLOSED',
} as const;

export type NotifierErrorCode = (typeof NotifierErrorCode)[keyof typeof NotifierErrorCode];

/** What a notifier failure says about itself; never a URL, token or secret. */
export type NotifierErrorDetails = {
  notifier: string;
  /** True when retrying the same notification cannot succeed (e.g. Slack's `invalid_blocks`). */
  permanent: boolean;
  /** The last HTTP status, when there was a response. */
  status?: number;
  /** `timeout`, `network`, `rate_limited`, `server_error`, or the receiver's short error text. */
  reason?: string;
};

/**
 * A notification that did not go out. The dispatcher may stop retrying when `permanent` is
 * set; every other failure is worth another try later.
 */
export class NotifierError extends FaultlineError {
  declare readonly details: Readonly<NotifierErrorDetails>;

  constructor(code: NotifierErrorCode, message: string, details: NotifierErrorDetails) {
    super(code, message, { ...details });
    this.name = 'NotifierError';
  }

  get permanent(): boolean {
    return this.details.permanent;
  }
}
