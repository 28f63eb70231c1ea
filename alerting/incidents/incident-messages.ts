/** Where an incident's living chat message is: what `chat.update` and thread replies need. */
export interface ChatMessageRef {
  /** The channel id the chat API answered (updates need the id, not a name). */
  channel: string;
  ts: string;
  /** Ids of the events whose threaded reply went out (the latest ones), so a retry does not repeat one. */
  replied: string[];
  /** `updatedAt` of the incident snapshot the message shows, so an older one never replaces it. */
  shownAt?: string;
}

/** What `claimMessage` found: the message, the right to post it, or another poster at work. */
export type MessageClaim = { ref: ChatMessageRef } | { reserved: true } | { busy: true };

/** Whose message is asked for, by whom, and how long a reservation to post it lasts. */
export interface MessageClaimRequest {
  notifier: string;
  incidentId: string;
  holder: string;
  nowMs: number;
  untilMs: number;
}

/** Replies remembered per message; older ones cannot be retried any more anyway. */
export const MAX_REPLIED = 50;

/**
 * Each incident's chat message per notifier, kept with the incident in the incident store
 * (and dropped with it), so whichever instance delivers the next event edits the same
 * message, also after a change of leader (port; both incident stores implement it).
 */
export interface IncidentMessages {
  /**
   * The message of `incidentId` for `notifier` when one was posted; else reserves posting
   * it for `holder` until `untilMs` (or renews `holder`'s reservation), or answers busy while
   * another holder's reservation lasts. Two instances never both post an incident's first
   * message.
   */
  claimMessage(request: MessageClaimRequest): Promise<MessageClaim>;
  /** Records the message (replacing a reservation); ignored once the incident is gone. */
  saveMessage(notifier: string, incidentId: string, ref: ChatMessageRef): Promise<void>;
}
