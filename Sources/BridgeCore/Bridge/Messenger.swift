import BotCore

/// What a bridge needs from one messenger's bot API: polling, calls, and the shape of a reply there.
///
/// An adapter is a value that speaks the messenger's HTTP API; the bridge owns order, retries, pacing,
/// persistence and the bot link. Calls block; the bridge runs them on its own threads.
public protocol Messenger: Sendable {
    associatedtype Call: BridgeCall

    /// `Telegram`, `MAX`: how logs name the messenger.
    var name: String { get }
    /// The wire prefix of chats and message ids (`tg:`, `max:`).
    var addressing: WireAddressing { get }

    /// One long poll from `position` (0 when the bridge has none yet), waiting up to `timeout` seconds.
    func poll(from position: Int64, timeout: Int, slack: Double) -> PollOutcome<Call>

    /// Makes one call.
    func perform(_ call: Call, timeout: Double) -> CallOutcome

    /// The calls that show the bot's `messages` in `chat`; `isTurn` is false for a push.
    func calls(for messages: [OutMessage], chat: String, isTurn: Bool) -> [Call]

    /// The call that deletes the person's message `message`; nil when the messenger cannot.
    func deletion(of message: InboundMessage) -> Call?
}

/// How a poll ended.
public enum PollOutcome<Call: BridgeCall>: Sendable {
    /// Updates in the messenger's order, and where the poll ended (nil: just past the highest among them).
    case updates([IncomingUpdate<Call>], next: Int64?)
    /// Asked to wait (HTTP 429) this many seconds.
    case retryAfter(seconds: Double, reason: String)
    /// The messenger cannot be used as configured (a wrong token, a webhook to keep): the bridge stops.
    case fatal(reason: String)
    /// Nothing usable (network, timeout, 5xx, a refusal worth retrying): try again after a growing pause.
    case failed(reason: String)
}

/// How a call ended, in the terms the bridge acts on.
public enum CallOutcome: Equatable, Sendable {
    /// The messenger accepted it.
    case done
    /// Asked to wait (HTTP 429) this many seconds; the chat waits.
    case retryAfter(seconds: Double)
    /// Worth trying again after a growing pause; `isConfiguration` when the bot's setup is at fault (a
    /// revoked token), which waits longer.
    case failed(reason: String, isConfiguration: Bool)
    /// Refused for good (a chat gone, a person who blocked the bot): dropped.
    case refused(reason: String)
    /// The messenger moved the chat: the call and the chat's later ones go to `chat`.
    case moved(to: String)
}
