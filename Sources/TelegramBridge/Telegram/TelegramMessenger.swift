import BotCore
import BridgeCore
import Foundation

/// Telegram's Bot API as the bridge core sees it: `getUpdates` long polling, `sendMessage` with reply
/// keyboards, `deleteMessage`. https://core.telegram.org/bots/api
struct TelegramMessenger: Messenger {
    let name = "Telegram"
    let addressing = WireAddressing(prefix: "tg:")
    let api: BotAPIClient
    /// `--keep-webhook`: stop instead of removing a webhook that blocks `getUpdates`.
    let keepsWebhook: Bool
    private let webhook = WebhookState()

    init(options: BridgeOptions, token: String) {
        api = BotAPIClient(base: options.apiBase, token: token)
        keepsWebhook = options.flags.contains("keep-webhook")
    }

    func poll(from position: Int64, timeout: Int, slack: Double) -> PollOutcome<TelegramCall> {
        switch api.getUpdates(offset: position, timeout: timeout, slack: slack) {
        case .success(let updates):
            let sorted = updates.sorted { $0.updateID < $1.updateID }
            return .updates(sorted.map(Self.incoming), next: sorted.last.map { $0.updateID + 1 })
        case .retryAfter(let seconds):
            return .retryAfter(seconds: Double(seconds), reason: "getUpdates")
        case .rejected(let code, let description, _) where code == 401 || code == 404:
            return .fatal(reason: "Telegram refused the bot token (\(code) \(description)); check --bot-token-file")
        case .rejected(409, let description, _) where description.lowercased().contains("webhook"):
            return webhookConflict(description)
        case .rejected(409, let description, _):
            return .failed(
                reason: "getUpdates refused: 409 \(description) (is another bridge polling with this token?)")
        case .rejected(let code, let description, _):
            return .failed(reason: "getUpdates refused: \(code) \(description)")
        case .unavailable(let reason):
            return .failed(reason: "getUpdates failed: \(reason)")
        }
    }

    /// A webhook is set, so `getUpdates` cannot work: removed once, unless `--keep-webhook`.
    private func webhookConflict(_ description: String) -> PollOutcome<TelegramCall> {
        if keepsWebhook {
            return .fatal(
                reason: "the bot has a webhook (409 \(description)); the bridge polls, so remove the webhook or "
                    + "start without --keep-webhook")
        }
        guard webhook.claimDeletion() else {
            return .failed(reason: "getUpdates refused: 409 \(description) although the webhook was deleted")
        }
        switch api.deleteWebhook(timeout: 30) {
        case .success:
            return .failed(reason: "the bot had a webhook (409 \(description)); deleted it (deleteWebhook)")
        case .retryAfter, .rejected, .unavailable:
            webhook.deletionFailed()
            return .failed(reason: "the bot has a webhook (409 \(description)) and deleteWebhook failed")
        }
    }

    func perform(_ call: TelegramCall, timeout: Double) -> CallOutcome {
        switch api.perform(call, timeout: timeout) {
        case .success:
            return .done
        case .retryAfter(let seconds):
            return .retryAfter(seconds: Double(seconds))
        case .rejected(400, _, let movedTo?):
            return .moved(to: String(movedTo))
        case .rejected(let code, let description, _) where [401, 404, 409].contains(code):
            // The bot's configuration is at fault, not the call: keep it until that is fixed.
            return .failed(reason: "\(code) \(description)", isConfiguration: true)
        case .rejected(let code, let description, _):
            // 400 (a message already deleted, a chat gone) or 403 (the person blocked the bot): final.
            return .refused(reason: "\(code) \(description)")
        case .unavailable(let reason):
            return .failed(reason: reason, isConfiguration: false)
        }
    }

    func calls(for messages: [OutMessage], chat: String, isTurn: Bool) -> [TelegramCall] {
        guard let chatID = Int64(chat) else { return [] }
        return MessageFormatter.calls(for: messages, chatID: chatID, isTurn: isTurn)
    }

    func deletion(of message: InboundMessage) -> TelegramCall? {
        guard let chatID = Int64(message.chat), let messageID = message.messageRef.flatMap({ Int64($0) }) else {
            return nil
        }
        return .delete(messageID, in: chatID)
    }

    /// An update as the core takes it: its id is its position.
    static func incoming(_ update: TelegramUpdate) -> IncomingUpdate<TelegramCall> {
        guard let message = update.message else {
            return IncomingUpdate(key: String(update.updateID), cursor: update.updateID, chat: "", content: .nothing)
        }
        return IncomingUpdate(
            key: String(update.updateID), cursor: update.updateID, chat: String(message.chat.id),
            messageRef: String(message.messageID), content: message.content, userName: message.from?.displayName,
            userLanguage: message.from?.languageCode)
    }
}

/// Whether the bridge already deleted the webhook once (it does so only once per run).
///
/// `@unchecked Sendable`: `isDeleted` is guarded by `lock`.
private final class WebhookState: @unchecked Sendable {
    private let lock = NSLock()
    private var isDeleted = false

    /// True the first time (the caller deletes it now).
    func claimDeletion() -> Bool {
        lock.withLock {
            defer { isDeleted = true }
            return !isDeleted
        }
    }

    func deletionFailed() {
        lock.withLock { isDeleted = false }
    }
}

extension BridgeProgram {
    /// `telegram-bridge`.
    static let telegram = BridgeProgram(
        name: "telegram-bridge", messenger: "Telegram", tokenSource: "@BotFather",
        defaultAPIBase: "https://api.telegram.org", maximumPollTimeout: 50,
        flags: [("keep-webhook", "stop if the bot has a webhook instead of deleting it (deleteWebhook)")])
}

extension BridgeOptions {
    /// Parses `telegram-bridge`'s words.
    static func parse(_ words: [String]) throws(UsageError) -> BridgeOptions {
        try parse(words, for: .telegram)
    }
}
