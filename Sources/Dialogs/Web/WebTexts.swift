import BotCore

/// The words of the web pages (widget and console), in both languages; the server hands them to the page.
///
/// The pages hold no words of their own: `GET /api/session` and `GET /agent/api/session` give them
/// `texts(language)`, keyed by the raw values below. A text may name values in braces (`{n}`), which the page
/// fills in. The Russian and English tables are in `Text/WebTexts+ru.swift` and `Text/WebTexts+en.swift`,
/// beside the other catalogs.
public enum WebText: String, CaseIterable, Sendable {
    // The widget (`/`).
    /// The page's title and heading.
    case title = "web.title"
    /// The line under the heading: what the assistant helps with.
    case subtitle = "web.subtitle"
    /// The conversation's name for screen readers.
    case logLabel = "web.log_label"
    /// The label of the message field.
    case inputLabel = "web.input_label"
    /// The message field's placeholder.
    case placeholder = "web.placeholder"
    /// The placeholder while the bot asks for a password.
    case placeholderSecret = "web.placeholder_secret"
    /// The send button.
    case send = "web.send"
    /// Shown while the answer is on its way.
    case typing = "web.typing"
    /// The status line while the server cannot be reached.
    case offline = "web.offline"
    /// The status line while the server asks to wait (429, 503); the message is sent again by itself.
    case busy = "web.busy"
    /// A note when the server was still busy on the second try.
    case busyFailed = "web.busy_failed"
    /// A note when a message could not be sent for another reason.
    case failed = "web.failed"
    /// The language button: the name of the other language.
    case langButton = "web.lang_button"
    /// The language button's longer description (tooltip, screen readers).
    case langTitle = "web.lang_title"
    /// Who wrote a bot bubble, for screen readers.
    case authorBot = "web.author_bot"
    /// Who wrote a person's bubble, for screen readers.
    case authorMe = "web.author_me"
    /// Opens a message's table (the same content as its text).
    case showTable = "web.show_table"

    // The console (`/agent`).
    /// The console's title and heading.
    case consoleTitle = "console.title"
    /// Before the agent's name in the header.
    case consoleWhoamiLabel = "console.whoami_label"
    /// The log-out button.
    case consoleLogout = "console.logout"
    /// The login form's heading.
    case consoleLoginHeading = "console.login_heading"
    /// The login field's label.
    case consoleLoginLabel = "console.login_label"
    /// The password field's label.
    case consolePasswordLabel = "console.password_label"
    /// The login button.
    case consoleLoginSubmit = "console.login_submit"
    /// When the login or the password is left empty.
    case consoleLoginMissing = "console.login_missing"
    /// When a login failed and the server gave no reason.
    case consoleLoginFailed = "console.login_failed"
    /// The toolbar's name for screen readers.
    case consoleToolsLabel = "console.tools_label"
    /// Reloads the queue and the open ticket.
    case consoleRefresh = "console.refresh"
    /// The queue's heading.
    case consoleQueueHeading = "console.queue_heading"
    /// The queue's counts: `{open}` open tickets, `{taken}` taken.
    case consoleCounts = "console.counts"
    /// When the queue is empty.
    case consoleQueueEmpty = "console.queue_empty"
    /// The queue's column: the ticket's number.
    case consoleColNumber = "console.col_number"
    /// The queue's column: the kind (chat, help@, …).
    case consoleColKind = "console.col_kind"
    /// The queue's column: the status.
    case consoleColStatus = "console.col_status"
    /// The queue's column: how long it waits.
    case consoleColAge = "console.col_age"
    /// The queue's column: the organization.
    case consoleColOrg = "console.col_org"
    /// The queue's column: the first words of the first message.
    case consoleColPreview = "console.col_preview"
    /// The queue's column (and the ticket's field): who wrote, masked.
    case consoleColFrom = "console.col_from"
    /// Beside ★: the ticket is taken by this agent.
    case consoleMine = "console.mine"
    /// An organization's INN: `{inn}`.
    case consoleInn = "console.inn"
    /// In the ticket pane while no ticket is open.
    case consoleTicketNone = "console.ticket_none"
    /// The open ticket's heading: `{n}` is its number.
    case consoleTicketHeading = "console.ticket_heading"
    /// The ticket's field: the organization.
    case consoleContextOrganization = "console.context_organization"
    /// The ticket's field: the requester's account.
    case consoleContextAccount = "console.context_account"
    /// The ticket's field: the e-mail address.
    case consoleContextEmail = "console.context_email"
    /// The ticket's field: a letter's subject.
    case consoleContextSubject = "console.context_subject"
    /// The ticket's field: the dialog and step it came from.
    case consoleContextFrom = "console.context_from"
    /// Its value: `{dialog}`, `{step}`.
    case consoleContextFromValue = "console.context_from_value"
    /// The ticket's field: the requester's chat.
    case consoleContextChat = "console.context_chat"
    /// The ticket's field: when it came.
    case consoleContextOpened = "console.context_opened"
    /// The ticket's field: how it ended.
    case consoleContextResolution = "console.context_resolution"
    /// The messages' heading.
    case consoleHistoryHeading = "console.history_heading"
    /// The author of a requester's message.
    case consoleAuthorRequester = "console.author_requester"
    /// The author of an agent's message.
    case consoleAuthorAgent = "console.author_agent"
    /// The ready answers' heading.
    case consoleSuggestionsHeading = "console.suggestions_heading"
    /// How the ready answers are used.
    case consoleSuggestionsHint = "console.suggestions_hint"
    /// Takes the ticket.
    case consoleTake = "console.take"
    /// The answer field's label.
    case consoleAnswerLabel = "console.answer_label"
    /// Sends the answer.
    case consoleAnswerSend = "console.answer_send"
    /// When the answer is empty.
    case consoleAnswerEmpty = "console.answer_empty"
    /// The resolution field's label.
    case consoleCloseLabel = "console.close_label"
    /// Closes the ticket.
    case consoleClose = "console.close"
    /// The action forms' heading.
    case consoleFormsHeading = "console.forms_heading"
    /// Opens the registration form (and its heading).
    case consoleOpenRegister = "console.open_register"
    /// Opens the director's confirmation form (and its heading).
    case consoleOpenConfirm = "console.open_confirm"
    /// Opens the change of director form (and its heading).
    case consoleOpenChange = "console.open_change"
    /// A form filled for a ticket: `{n}` is its number.
    case consoleBound = "console.bound"
    /// Unties a form from its ticket.
    case consoleUnbind = "console.unbind"
    /// The field: INN.
    case consoleFieldInn = "console.field_inn"
    /// The field: the organization's name.
    case consoleFieldName = "console.field_name"
    /// The field: the organization's official e-mail.
    case consoleFieldEmail = "console.field_email"
    /// The field: the region.
    case consoleFieldRegion = "console.field_region"
    /// The field: the director's full name.
    case consoleFieldDirector = "console.field_director"
    /// The field: the new director's full name.
    case consoleFieldNewDirector = "console.field_new_director"
    /// The field: the new official e-mail, when it changed too.
    case consoleFieldNewEmail = "console.field_new_email"
    /// Registers the organization.
    case consoleRegSubmit = "console.reg_submit"
    /// Confirms the director.
    case consoleConfirmSubmit = "console.confirm_submit"
    /// Applies the change of director.
    case consoleChangeSubmit = "console.change_submit"
    /// The status line while the server cannot be reached.
    case consoleOffline = "console.offline"
    /// When the server asks to wait (429, 503).
    case consoleBusy = "console.busy"
    /// When an action failed and the server gave no reason.
    case consoleFailed = "console.failed"
}

extension WebText {
    /// Every text in `language`, by key, for the page.
    public static func texts(_ language: Language) -> [String: String] {
        let table: [WebText: String]
        switch language {
        case .ru: table = ru
        case .en: table = en
        }
        var texts: [String: String] = [:]
        for key in allCases {
            texts[key.rawValue] = table[key] ?? ru[key] ?? ""
        }
        return texts
    }
}
