import BotCore
import Cabinet
import Foundation

/// The web channel's requests (docs/web.md): the pages' session, and the support console's queue, tickets and
/// actions — answered in the turn writer's transaction through `AgentDesk` and the Cabinet, as the chat console is.
public enum WebRequests {
    public typealias Context = DialogContext<SchoolEnvironment>

    /// Answers `request` for its chat; refusals are `AppRequestFailure`s in the chat's language.
    public static func handle(_ request: AppRequest, _ context: Context) throws -> JSONValue {
        let arguments = request.arguments
        switch request.name {
        case "session":
            return session(arguments, context)
        case "console.session":
            var answer = session(arguments, context)
            if case .object(var members) = answer {
                members["agent"] = agent(context).map(describe) ?? .null
                answer = .object(members)
            }
            return answer
        case "console.login":
            return try login(arguments["login"] ?? "", arguments["password"] ?? "", context)
        case "console.logout":
            context.environment.logOut(chat: context.chat)
            return .object([:])
        default:
            guard let agent = agent(context) else {
                if context.environment.account(of: context.chat) == nil {
                    throw AppRequestFailure(.unauthenticated, context.t(.errorNotLoggedIn))
                }
                throw AppRequestFailure(.forbidden, context.t(.agentOnlyAgents))
            }
            return try ConsoleDesk(agent: agent, context: context).handle(request.name, arguments)
        }
    }

    /// The page's language (asked for, or the chat's) and its words.
    private static func session(_ arguments: [String: String], _ context: Context) -> JSONValue {
        let language = arguments["lang"].flatMap(Language.init(tag:)) ?? context.language
        let texts = WebText.texts(language).mapValues(JSONValue.string)
        return .object(["lang": .string(language.rawValue), "texts": .object(texts)])
    }

    /// The confirmed agent the chat is logged in as.
    static func agent(_ context: Context) -> Account? {
        guard let account = context.environment.account(of: context.chat), account.role == .agent,
            account.status == .confirmed
        else { return nil }
        return account
    }

    private static func describe(_ account: Account) -> JSONValue {
        .object([
            "name": .string(account.fullName.isEmpty ? account.login : account.fullName),
            "login": .string(account.login),
        ])
    }

    /// Logs the console's chat in, with the chat login's throttling and lockout; only confirmed agents stay in.
    private static func login(_ login: String, _ password: String, _ context: Context) throws -> JSONValue {
        let success: LoginSuccess
        switch LoginDialog.logIn(login: login, password: password, context) {
        case .success(let done): success = done
        case .failure(let refusal): throw AppRequestFailure(.unauthenticated, refusal.text)
        }
        guard success.account.role == .agent, success.account.status == .confirmed else {
            context.environment.logOut(chat: context.chat)
            throw AppRequestFailure(.unauthenticated, context.t(.agentOnlyAgents))
        }
        var answer: [String: JSONValue] = ["agent": describe(success.account)]
        if success.failedAttempts > 0 {
            answer["notice"] = .string(context.t(.loginFailedAttempts, ["n": .number(success.failedAttempts)]))
        }
        return .object(answer)
    }
}
