/**
 * The errors every layer may raise, in a leaf module so that none has to import another layer
 * to raise or recognise them. The CLI maps them to exit codes (spec §3).
 */

/** Bad input from the user: a flag, a policy file, an IaC file, an endpoint (exit 2, one line). */
export class InputError extends Error {
  override name = 'InputError';
}

/** The scan cannot run at all (exit 3): no usable credentials, or every read denied. */
export class ScanAbortedError extends Error {
  override name = 'ScanAbortedError';
}

/** The scan history store failed at run time (busy, unreachable, a conflicting write): exit 3, one line. A store that is not one, or is newer than this tool, is an InputError. */
export class HistoryStoreError extends Error {
  override name = 'HistoryStoreError';
}
