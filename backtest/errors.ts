import { FaultlineError } from '../core/faultline-error.js';

/** Stable codes of backtest failures; the CLI exits 2 on each of them. */
export const BacktestErrorCode = {
  /** An input path is missing or unreadable, or names no file. */
  Input: 'FL_BACKTEST_INPUT',
  /** An input file (or one line or frame of it) is not OTLP; the message names the file. */
  Decode: 'FL_BACKTEST_DECODE',
  /** A bad `--from`, `--to`, `--step` or `--signal`, or a range that cannot be replayed. */
  Args: 'FL_BACKTEST_ARGS',
  /** The input holds no span and no metric point, so there is no event time to replay. */
  Empty: 'FL_BACKTEST_EMPTY',
} as const;

export type BacktestErrorCode = (typeof BacktestErrorCode)[keyof typeof BacktestErrorCode];

/** A backtest failure with a stable code; `details.file` names the input file when there is one. */
export class BacktestError extends FaultlineError {
  constructor(
    code: BacktestErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(code, message, details, options);
    this.name = 'BacktestError';
  }
}
