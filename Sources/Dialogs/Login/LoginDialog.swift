import BotCore
import Cabinet

/// Logging in: the login, then the password (never echoed, stored or logged).
public struct LoginDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    public enum State: Codable, Equatable, Sendable {
        case askLogin
        /// The login is kept when it names an account (empty otherwise: what was typed may have been a
        /// password); the password never is.
        case askPassword(login: String)
    }

    public init() {}

    public var id: String { "login" }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        var messages: [OutMessage] = []
        if let account = context.environment.account(of: context.chat) {
            messages.append(OutMessage(context.t(.loginAlready, ["name": .text(account.fullName)])))
        }
        messages.append(askLogin(context))
        return .stay(.askLogin, messages)
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        switch (state, event) {
        case (.askLogin, .back):
            return .finish(.cancelled)
        case (.askPassword, .back):
            return .stay(.askLogin, [askLogin(context)])
        case (.askLogin, .resumed), (.askLogin, .childFinished):
            return .stay(state, [askLogin(context)])
        case (.askPassword, .resumed), (.askPassword, .childFinished):
            return .stay(state, [askPassword(context)])
        case (.askLogin, .text(let text)):
            guard let login = try? Credentials.login(text) else {
                // Not a login at all but a request ("сменился директор"): the menu takes it.
                if context.environment.intents.recognize(text)?.isConfident == true {
                    return Step([], .handBack)
                }
                return .stay(state, [OutMessage(context.t(.reasonLogin)), askLogin(context)], invalid: true)
            }
            // Only a login that exists is kept in the session: a password typed into the login field by mistake
            // must not be stored. An unknown one still asks for the password and fails alike.
            let known = (try? context.environment.cabinet.account(login: login)) != nil
            return .stay(.askPassword(login: known ? login : ""), [askPassword(context)])
        case (.askPassword(let login), .text(let password)):
            return authenticate(login: login, password: password, context)
        }
    }

    public func step(of state: State) -> String {
        switch state {
        case .askLogin: "ask_login"
        case .askPassword: "ask_password"
        }
    }

    public func formatHint(for state: State, context: Context) -> String? {
        context.t(.loginHint)
    }

    private func askLogin(_ context: Context) -> OutMessage {
        OutMessage(context.t(.loginAskLogin), buttons: [Step<State>.navigation(context)], input: .text)
    }

    private func askPassword(_ context: Context) -> OutMessage {
        OutMessage(context.t(.loginAskPassword), buttons: [Step<State>.navigation(context)], input: .secret)
    }

    private func authenticate(login: String, password: String, _ context: Context) -> Step<State> {
        let success: LoginSuccess
        switch Self.logIn(login: login, password: password, context) {
        case .success(let done): success = done
        case .failure(let refusal):
            return .stay(.askLogin, [OutMessage(refusal.text), askLogin(context)], invalid: true)
        }
        let account = success.account
        var lines = [context.t(.loginWelcome)]
        if success.failedAttempts > 0 {
            lines.append(context.t(.loginFailedAttempts, ["n": .number(success.failedAttempts)]))
        }
        switch account.status {
        case .confirmed:
            break
        case .rejected:
            let reason = (try? context.environment.cabinet.rejection(actor: account.id))?.reason
            lines.append(
                reason.map { context.t(.errorAccountRejectedBecause, ["reason": .text($0)]) }
                    ?? context.t(.errorAccountRejected))
        case .pending:
            lines.append(context.t(.loginPendingAccount))
        }
        return .finish(.done(nil), [OutMessage(lines.joined(separator: "\n"))])
    }

    /// A refused login: the sentence to show.
    struct Refusal: Error {
        var text: String
    }

    /// Logs the chat in through the Cabinet's throttled login (the chat's dialog and the browser console alike); a
    /// refusal is logged with the login and chat masked and comes back as the sentence to show.
    static func logIn(login: String, password: String, _ context: Context) -> Result<LoginSuccess, Refusal> {
        do {
            return .success(
                try context.environment.cabinet.logIn(login: login, password: password, chat: context.chat))
        } catch {
            // Operators see that attempts fail, and where, never who typed what.
            context.environment.log(
                "login failed (\(Self.outcome(error))): login \(Self.masked(login)), chat \(Self.masked(context.chat))")
            let text =
                error == .invalidCredentials ? context.t(.errorInvalidCredentials) : ErrorText.message(error, context)
            return .failure(Refusal(text: text))
        }
    }

    /// A failed attempt's kind, for the log.
    private static func outcome(_ error: CabinetError) -> String {
        switch error {
        case .invalidCredentials: "wrong pair"
        case .loginLocked: "locked"
        case .loginThrottled: "slowed"
        default: "refused"
        }
    }

    /// The first and last character with the rest hidden: enough to tell attempts apart, not to read them
    /// (an empty login, one that named no account, shows as `-`).
    static func masked(_ text: String) -> String {
        guard let first = text.first, let last = text.last else { return "-" }
        return text.count <= 2 ? "\(first)*" : "\(first)***\(last)"
    }
}

/// `/logout`: unbinds the chat and returns to the menu.
public struct LogoutDialog: Dialog {
    public typealias Environment = SchoolEnvironment

    public struct State: Codable, Equatable, Sendable {}

    public init() {}

    public var id: String { "logout" }

    public func start(_ argument: String?, context: DialogContext<SchoolEnvironment>) -> Step<State> {
        let wasLoggedIn = context.environment.account(of: context.chat) != nil
        context.environment.logOut(chat: context.chat)
        return .finish(.done(nil), [OutMessage(context.t(wasLoggedIn ? .menuLoggedOut : .logoutNotLoggedIn))])
    }

    public func handle(_ event: DialogEvent, state: State, context: DialogContext<SchoolEnvironment>) -> Step<State> {
        .finish(.done(nil))
    }

    public func step(of state: State) -> String { "done" }
}
