// swift-format-ignore-file
// A catalog is data: one entry to a line, however long its text.
import BotCore

extension Texts {
    /// The engine's texts in English.
    static let coreEn: [CoreText: String] = [
        .flowChanged: "This conversation was updated while you were away. Let's start again from the main menu — your data is safe.",
        .formatAgain: "Once more, the answer should look like this: {hint}",
        .offerHuman: "If something doesn't work, call a support specialist — they will help.",
        .cancelled: "OK, cancelled.",
        .languageSet: "Language: English.",
        .languageUsage: "To change the language, send /lang ru or /lang en.",
        .internalError: "Sorry, I couldn't handle that message. Please try again or type \"menu\".",
        .buttonBack: "Back",
        .buttonCancel: "Cancel",
        .buttonHelp: "Help",
        .buttonMenu: "Menu",
        .buttonHuman: "Call an operator",
        .buttonSkip: "Skip",
        .buttonConfirm: "All correct",
        .buttonYes: "Yes",
        .buttonNo: "No",
        .buttonContinue: "Continue",
        .buttonKeep: "Keep as is",
        .formSummary: "Please check that everything is right:",
        .formCurrentValue: "Currently: {value}",
        .formChangeHint: "If everything is right, press \"All correct\". To fix an item, send its number.",
        .formChangeButton: "Change",
        .formEmptyValue: "not given",
        .formRequired: "The answer can't be empty.",
        .formButtonNotAnswer: "That is a button label, not an answer to the question.",
    ]

    /// The dialogs' texts in English.
    static let en: [L: String] = [
        .menuGreeting: "Hello! I'll help you get into your school's cabinet on educont.ru and work in it: get a login and password, confirm the director, teachers and students, send the report.",
        .menuGreetingNamed: "Hello, {name}! I'll help you get into your school's cabinet on educont.ru and work in it: get a login and password, confirm the director, teachers and students, send the report.",
        .menuPrompt: "Choose what to do, or type it in your own words.",
        .menuAgain: "What else can I do?",
        .menuUnknown: "I didn't understand \"{text}\".",
        .menuClosest: "Perhaps you meant:",
        .menuLoggedInAs: "You are logged in as {name} ({role}).",
        .menuPendingDirector: "The director's identity is not confirmed yet — users can't be confirmed until it is.",
        .menuDirectorDataToSend: "Consent is given; the data for confirming the director is still to be sent — open \"Confirm the director\".",
        .menuDirectorWaiting: "The data for confirming the director was sent on {sent}; the answer is due by {due}. Users can't be confirmed until the identity is.",
        .menuDirectorOverdue: "The data for confirming the director was sent on {sent} and the answer was due by {due} — open \"Confirm the director\" to see what to do.",
        .menuWaitingUsers: "Waiting for confirmation: {n} {n|user|users}.",
        .menuUnreported: "Report not sent: {n} {n|decision|decisions}. A report must be sent after every round of confirmations or rejections.",
        .menuThanks: "You're welcome!",
        .menuLoggedOut: "You are logged out. This chat is no longer linked to the account.",
        .roleDirector: "director",
        .roleTeacher: "teacher",
        .roleStudent: "student",
        .roleAgent: "support agent",
        .optionCredentials: "No login and password",
        .optionLogin: "Log in",
        .optionDirector: "Confirm the director",
        .optionDirectorChange: "The director has changed",
        .optionApprovals: "Confirm users",
        .optionReport: "Send the report",
        .optionStatus: "Request status",
        .optionRegistration: "Teacher or student sign-up",
        .optionHelp: "Help and contacts",
        .optionSupport: "Contact support",
        .optionLogout: "Log out",
        .optionAgent: "Ticket queue",
        .optionNotReady: "This section is not available yet. Please contact support: 8 800 550-63-73, help@educont.ru.",
        .helpOverview: """
            How to start working in your organization's cabinet on educont.ru:
            1. No login and password — send a request on the official letterhead, signed and sealed by the head, from the organization's official e-mail to regions@educont.ru. The login and password arrive at that e-mail within 3 business days.
            2. Log in and confirm the director's identity: after consent to personal data processing you will see the address to send the data to. Always state the organization's INN in the letter.
            3. Confirm the teachers first; then teachers confirm their students.
            4. Send a report after every round of confirmations or rejections.
            If the director has changed — write to ssod@innopolis.ru with the subject "Приказ", the order attached and the INN stated; the data is updated within 1–2 business days.
            """,
        .helpContacts: "Support: 8 800 550-63-73, help@educont.ru.",
        .helpFAQPrompt: "Choose a question, press \"Continue\" to go back, or call an operator.",
        .helpTopicWhere: "Where do I send the request?",
        .helpTopicWhereAnswer: "The request for a login and password is made on the organization's official letterhead, signed and sealed by the head, and sent from the organization's official e-mail to regions@educont.ru.",
        .helpTopicWait: "When will the login arrive?",
        .helpTopicWaitAnswer: "The login and password arrive at the organization's official e-mail within 3 business days. If that has passed, check the spam folder, then write to help@educont.ru or call 8 800 550-63-73.",
        .helpTopicDirector: "How do I confirm the director?",
        .helpTopicDirectorAnswer: "Log in and give consent to personal data processing — then the address to send the data to appears. Always state the organization's INN in the letter.",
        .helpTopicChange: "The director has changed",
        .helpTopicChangeAnswer: "Write to ssod@innopolis.ru: subject \"Приказ\", the order on the change of director attached, the organization's INN in the text. The data changes within 1–2 business days; a notice comes by e-mail.",
        .helpTopicUsers: "How do I confirm teachers and students?",
        .helpTopicUsersAnswer: "First the director confirms the teachers. Then the teachers confirm their students. Select users in the list and confirm or reject them.",
        .helpTopicReport: "When do I send the report?",
        .helpTopicReportAnswer: "A report is sent every time you confirmed or rejected new users.",
        .helpUnknown: "I found no answer to that. Choose a topic below or call an operator.",
        .dateFormat: "{month} {day}, {year}",
        .month1: "January", .month2: "February", .month3: "March", .month4: "April",
        .month5: "May", .month6: "June", .month7: "July", .month8: "August",
        .month9: "September", .month10: "October", .month11: "November", .month12: "December",
    ]
}
