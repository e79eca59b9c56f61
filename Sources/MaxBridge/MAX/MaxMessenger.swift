import BotCore
import BridgeCore
import Foundation

/// The MAX Bot API as the bridge core sees it: `GET /updates` long polling with a marker, `POST /messages`
/// with inline keyboards of callback buttons, `POST /answers`, `DELETE /messages`. https://dev.max.ru/docs-api
///
/// Chats: a dialog's `chat_id` (`max:123` on the wire); a person whose message named no chat is addressed by
/// user id (`max:u77`). Update ids: MAX numbers no updates, so a message is known by its `mid`, a button press
/// by its `callback_id`, a start by its dialog and time; the marker is the poll position.
struct MaxMessenger: Messenger {
    let name = "MAX"
    let addressing = WireAddressing(prefix: "max:")
    let api: MaxAPIClient

    init(options: BridgeOptions, token: String) {
        api = MaxAPIClient(base: options.apiBase, token: token)
    }

    func poll(from position: Int64, timeout: Int, slack: Double) -> PollOutcome<MaxCall> {
        // Position 0 is "no marker yet": MAX then hands out what the bot has not read.
        switch api.getUpdates(marker: position > 0 ? position : nil, timeout: timeout, slack: slack) {
        case .success(let list):
            return .updates(list.updates.compactMap(Self.incoming), next: list.marker)
        case .tooManyRequests(let retryAfter):
            return .retryAfter(seconds: max(1, retryAfter ?? 1), reason: "GET /updates")
        case .rejected(401, let code, let message):
            return .fatal(reason: "MAX refused the bot token (401 \(code): \(message)); check --bot-token-file")
        case .rejected(405, let code, let message):
            return .failed(
                reason: "GET /updates refused: 405 \(code) \(message) (a bot with a webhook subscription cannot "
                    + "long-poll: remove it with DELETE /subscriptions)")
        case .rejected(let status, let code, let message):
            return .failed(reason: "GET /updates refused: \(status) \(code) \(message)")
        case .unavailable(let reason):
            return .failed(reason: "GET /updates failed: \(reason)")
        }
    }

    func perform(_ call: MaxCall, timeout: Double) -> CallOutcome {
        switch api.perform(call, timeout: timeout) {
        case .success(let result) where result.isRefused:
            return .refused(reason: "MAX answered success false (\(result.reason ?? "no reason"))")
        case .success:
            return .done
        case .tooManyRequests(let retryAfter):
            return .retryAfter(seconds: max(1, retryAfter ?? 1))
        case .rejected(401, let code, let message):
            return .failed(reason: "401 \(code) \(message)", isConfiguration: true)
        case .rejected(let status, let code, let message):
            // 400 (a text MAX will not take), 403 (the person stopped the bot), 404 (a chat gone): final.
            return .refused(reason: "\(status) \(code) \(message)")
        case .unavailable(let reason):
            return .failed(reason: reason, isConfiguration: false)
        }
    }

    func calls(for messages: [OutMessage], chat: String, isTurn: Bool) -> [MaxCall] {
        MaxFormatter.calls(for: messages, chat: chat)
    }

    func deletion(of message: InboundMessage) -> MaxCall? {
        message.messageRef.map { .delete($0, in: message.chat) }
    }

    /// An update as the core takes it; nil for one the bridge never asked for.
    static func incoming(_ update: MaxUpdate) -> IncomingUpdate<MaxCall>? {
        switch update.type {
        case "message_created":
            guard let message = update.message, let body = message.body else { return nil }
            let chat = chatKey(chatID: message.recipient.chatID, userID: message.sender?.userID)
            let content: IncomingUpdate<MaxCall>.Content =
                if message.sender?.isBot == true {
                    .nothing  // the bot's own message, or another bot's in a group
                } else if let text = body.text, !text.isEmpty {
                    .text(text)  // a photo's or a file's caption too
                } else {
                    body.attachmentCount > 0 ? .unsupported : .nothing
                }
            return IncomingUpdate(
                key: body.mid, cursor: nil, chat: chat, messageRef: body.mid, content: content,
                userName: message.sender?.displayName, userLanguage: update.userLocale)
        case "message_callback":
            guard let callback = update.callback else { return nil }
            let chat = chatKey(chatID: update.message?.recipient.chatID, userID: callback.user.userID)
            let label = callback.payload ?? ""
            return IncomingUpdate(
                key: "cb:" + callback.callbackID, cursor: nil, chat: chat,
                content: label.isEmpty ? .nothing : .text(label), userName: callback.user.displayName,
                userLanguage: update.userLocale,
                immediateCalls: [.answer(callback.callbackID, in: chat, notification: label.isEmpty ? nil : label)])
        case "bot_started":
            guard let user = update.user else { return nil }
            let chat = chatKey(chatID: update.chatID, userID: user.userID)
            let payload = update.payload ?? ""
            return IncomingUpdate(
                key: "start:\(chat):\(update.timestamp)", cursor: nil, chat: chat,
                content: .text(payload.isEmpty ? "/start" : "/start \(payload)"), userName: user.displayName,
                userLanguage: update.userLocale)
        default:
            return nil
        }
    }

    /// `123` for a chat id, `u77` for a person known only by user id.
    private static func chatKey(chatID: Int64?, userID: Int64?) -> String {
        if let chatID { return String(chatID) }
        return "u" + String(userID ?? 0)
    }
}

extension BridgeProgram {
    /// `max-bridge`.
    static let max = BridgeProgram(
        name: "max-bridge", messenger: "MAX", tokenSource: "MasterBot, or the bot's page on business.max.ru",
        defaultAPIBase: "https://platform-api2.max.ru", maximumPollTimeout: 90)
}
