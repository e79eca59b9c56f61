import BotCore

/// An entry of the main menu: the dialog it opens and its label.
public enum MenuOption: String, Codable, CaseIterable, Sendable {
    case credentials, login, director, directorChange, approvals, report, status, registration
    case help, support, logout, agent

    /// The dialog the option opens (`meta.dialog`); nil for actions done in the menu itself.
    var dialogID: String? {
        switch self {
        case .credentials: "credentials"
        case .login: "login"
        case .director: "director"
        case .directorChange: "director_change"
        case .approvals: "approvals"
        case .report: "report"
        case .status: "status"
        case .registration: "registration"
        case .help: "help"
        case .support: "support"
        case .agent: "agent"
        case .logout: nil
        }
    }

    var label: L {
        switch self {
        case .credentials: .optionCredentials
        case .login: .optionLogin
        case .director: .optionDirector
        case .directorChange: .optionDirectorChange
        case .approvals: .optionApprovals
        case .report: .optionReport
        case .status: .optionStatus
        case .registration: .optionRegistration
        case .help: .optionHelp
        case .support: .optionSupport
        case .logout: .optionLogout
        case .agent: .optionAgent
        }
    }

    /// The option a recognised intent stands for.
    init?(_ intent: Intent) {
        switch intent {
        case .credentials: self = .credentials
        case .login: self = .login
        case .logout: self = .logout
        case .director: self = .director
        case .directorChange: self = .directorChange
        case .approvals: self = .approvals
        case .report: self = .report
        case .status: self = .status
        case .registration: self = .registration
        case .help: self = .help
        case .support: self = .support
        default: return nil
        }
    }

    /// What a support agent means by an option meant for schools: the console's own action (`AgentDialog`'s
    /// start argument), or nil when the agent has none for it.
    var agentAction: String? {
        switch self {
        case .credentials, .registration: AgentDialog.Action.register.rawValue
        case .director: AgentDialog.Action.confirmDirector.rawValue
        case .directorChange: AgentDialog.Action.changeDirector.rawValue
        default: nil
        }
    }

    /// The options that fit who the chat is, in the order shown.
    static func options(for viewer: Viewer, available: Set<String>) -> [MenuOption] {
        let options: [MenuOption]
        switch viewer.role {
        case nil:
            options = [.credentials, .login, .status, .directorChange, .registration, .help, .support]
        case .director:
            var list: [MenuOption] = viewer.directorConfirmed ? [.approvals, .report] : [.director]
            list += [.directorChange, .status, .help, .support, .logout]
            options = list
        case .teacher:
            options =
                viewer.accountConfirmed
                ? [.approvals, .help, .support, .logout] : [.status, .help, .support, .logout]
        case .student:
            options = [.help, .support, .logout]
        case .agent:
            options = [.agent, .help, .logout]
        }
        return options.filter { $0.dialogID.map(available.contains) ?? true }
    }
}
