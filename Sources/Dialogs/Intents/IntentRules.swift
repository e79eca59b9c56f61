/// A combination of words that is strong evidence for one intent, whatever the rest of the text says.
///
/// The rule fires when every group in `allOf` has at least one of its phrases in the text and no phrase
/// of `noneOf` is there. A phrase is words separated by spaces, found in that order with at most one
/// other word between them (stop words are not counted). A word is matched by stem and tolerates
/// typos; `подтвер*` matches any word starting with "подтвер"; `=получить` matches only that exact
/// form. Evidence from rules and from the example phrasings is combined as independent signals.
///
/// Keep a rule's words specific: "подтвер*" + "учител*" says approvals, "кабинет" says nothing.
struct IntentRule: Sendable {
    /// The intent the words point at.
    let intent: Intent
    /// How strong the evidence is, 0...1; a negative weight is evidence against the intent (-0.4 keeps 60%).
    let weight: Double
    /// Groups of alternative phrases; each group must be present.
    let allOf: [[String]]
    /// Phrases that cancel the rule.
    let noneOf: [String]

    init(_ intent: Intent, _ weight: Double, allOf: [[String]], noneOf: [String] = []) {
        self.intent = intent
        self.weight = weight
        self.allOf = allOf
        self.noneOf = noneOf
    }
}

extension IntentRule {
    /// Words saying that something expected has not come yet: the mark of a status question.
    static let waiting = [
        "не пришел", "не пришла", "не пришло", "не пришли", "не приходит", "не приходят", "не =получили", "не =получил",
        "не =получила", "не =получено", "не дошел", "не дошло", "не дошли", "не поступил", "не поступило", "нет ответа",
        "ответа нет", "ответа нету", "нету ответа", "не ответили", "=отправили", "=отправил", "=отправила",
        "=отправлен", "=отправлена", "=отправлено", "=отправлены", "когда придет", "когда придут", "когда пришлют",
        "сколько ждать", "жду", "ждем", "ждать", "ждали", "до сих пор", "прошло", "неделю", "недели", "назад", "дней",
        "срок", "просрочен*", "still", "yet", "arriv*", "overdue", "not received", "sent", "ago", "last week",
    ]

    /// What a status question is about: the credentials, the letter, the request.
    static let requested = [
        "логин", "пароль", "доступ", "письмо", "ответ", "запрос", "заявка", "данные", "оповещение", "password", "login",
        "access", "request", "credentials", "email",
    ]

    /// What an organization without access lacks.
    static let credential = [
        "логин", "пароль", "доступ*", "учетные данные", "данные для входа", "password", "login", "access",
        "credentials",
    ]

    /// Who a director or a teacher confirms.
    static let people = [
        "учител*", "ученик*", "учениц*", "педагог*", "преподавател*", "пользовател*", "обучающ*", "работник*",
        "teacher*", "student*",
        "users",
    ]

    /// Something was sent a while ago: the question is what became of it.
    static let sentAgo = [
        "=отправили", "=отправил", "=отправила", "=отправлен", "=отправлено", "назад", "прошло", "sent", "ago",
    ]

    /// Whether a request was dealt with.
    static let processed = [
        "=обработали", "=обработано", "=обработана", "=обработан", "=рассмотрели", "=рассмотрено", "processed",
    ]

    /// Words of changing something.
    static let detailChange = ["смен*", "помен*", "измен*", "обнов*", "change*", "update*"]

    /// An organization's own details, which a change of director does not touch.
    static let organizationDetails = ["почт*", "email", "e-mail", "mail", "адрес*", "назван*", "телефон*", "address"]

    /// The head of the organization.
    static let head = ["директор*", "руководител*", "заведующ*", "director*", "principal*", "head"]

    /// Every rule, in no particular order.
    static let all: [IntentRule] = [
        // status
        IntentRule(.status, 0.5, allOf: [waiting, requested]),
        // The request's form: the letterhead, the signature and the seal, where to send it.
        IntentRule(
            .credentials, 0.5, allOf: [["печат*", "подпис*", "бланк*", "letterhead", "seal"]], noneOf: ["приказ"]),
        IntentRule(.credentials, 0.35, allOf: [["куда", "where"], ["запрос*", "request"]], noneOf: waiting),
        // "где брать логин" asks how to get one, not where the one on its way is.
        IntentRule(
            .status, -0.4, allOf: [["брать", "берут", "взять", "=получить", "раздобыть", "get"], credential],
            noneOf: waiting),
        IntentRule(.status, 0.35, allOf: [["статус", "status", "состояние"]]),
        IntentRule(.status, 0.5, allOf: [["приказ", "письмо", "order"], sentAgo]),
        IntentRule(.status, 0.5, allOf: [processed, requested]),
        IntentRule(.status, 0.35, allOf: [["где"], ["запрос", "заявка", "обращение", "письмо", "request"]]),
        IntentRule(
            .status, 0.45,
            allOf: [
                ["когда", "when"],
                [
                    "придет", "придут", "пришлют", "получим", "поменяют", "изменят", "обработают", "ответят", "arriv*",
                    "come",
                ],
            ]),
        IntentRule(.status, 0.35, allOf: [["просрочен*", "срок вышел", "срок прошел", "overdue"]]),
        IntentRule(.status, 0.4, allOf: [["когда", "when"], requested]),
        // credentials
        IntentRule(
            .credentials, 0.45,
            allOf: [
                [
                    "нет", "нету", "никогда", "не знаю", "не знаем", "не помню", "потерял*", "утерян*", "утрачен*",
                    "забыл*", "не дали", "не выдали", "не выдавали", "не передал*", "отсутств*", "no", "dont", "lost",
                    "forgot*",
                ],
                credential,
            ],
            noneOf: waiting),
        IntentRule(
            .credentials, 0.3,
            allOf: [
                [
                    "=получить", "=получение", "взять", "брать", "берут", "найти", "где получить", "нужен", "нужна",
                    "get",
                    "obtain", "need",
                ],
                credential,
            ],
            noneOf: waiting),
        IntentRule(.credentials, 0.3, allOf: [["запрос*", "форма", "бланк", "regions"], credential], noneOf: waiting),
        IntentRule(.credentials, 0.3, allOf: [["форма запроса", "бланк", "regions"]]),
        IntentRule(.credentials, -0.4, allOf: [waiting + ["статус", "status"]]),
        IntentRule(.credentials, -0.4, allOf: [["есть"], credential]),
        IntentRule(.credentials, -0.4, allOf: [["ввести", "введу", "вводить", "ввожу", "ввел*", "enter"]]),
        // login
        IntentRule(
            .login, 0.4,
            allOf: [
                [
                    "войти", "войду", "вход", "зайти", "зайду", "заходить", "входить", "авторизоваться", "авторизация",
                    "авторизуйте", "залогиниться", "ввести", "вводить", "ввожу", "введу", "log in", "sign in",
                ]
            ],
            noneOf: waiting + ["нет", "нету", "не знаю", "не знаем"]),
        // Credentials still on their way are a status question, however the message names the login.
        IntentRule(.login, -0.3, allOf: [waiting, requested]),
        // Getting a login one never had is a request for credentials, not logging in.
        IntentRule(
            .login, -0.3,
            allOf: [["get", "obtain", "=получить", "=получение", "=выдать", "не выдавали", "никогда"], credential]),
        // logout
        IntentRule(
            .logout, 0.55,
            allOf: [
                [
                    "выйти", "выйди", "выйдите", "=выход", "выйду", "разлогиниться", "разлогинь*", "отвязать",
                    "отвяжите", "отвяжи",
                    "отключить", "отключите", "отключи", "завершить сеанс", "закончить сеанс", "log out", "logout",
                    "sign out", "unlink",
                ]
            ]),
        // director
        IntentRule(
            .director, 0.45,
            allOf: [["подтвер*", "confirm*", "verify"], head + ["личност*", "себя", "identity", "myself"]],
            noneOf: people + ["смен*", "помен*", "нов*", "changed", "new"]),
        IntentRule(
            .director, 0.5,
            allOf: [
                [
                    "согласи*", "согласен", "согласна", "персональн*", "персданн*", "перс данн*", "152", "consent",
                    "personal data",
                ]
            ]),
        IntentRule(
            .director, 0.4, allOf: [["данные", "адрес", "почт*"], head], noneOf: ["смен*", "нов*", "приказ"]),
        // director change
        IntentRule(
            .directorChange, 0.5,
            allOf: [
                [
                    "смен*", "помен*", "замен*", "нов*", "уволил*", "ушел", "ушла", "назначил*", "назначен*", "прежн*",
                    "старый", "бывший", "другой", "изменил*", "new", "changed", "change*", "replaced",
                ],
                head,
            ],
            noneOf: ["пароль", "логин", "password", "login", "когда", "статус", "сколько ждать"]),
        IntentRule(.directorChange, 0.45, allOf: [["приказ", "ssod", "innopolis"]]),
        IntentRule(.directorChange, -0.4, allOf: [["когда", "статус", "сколько ждать", "when", "status"]]),
        IntentRule(.directorChange, -0.4, allOf: [sentAgo]),
        IntentRule(.credentials, -0.4, allOf: [processed]),
        IntentRule(.directorChange, -0.3, allOf: [["пароль", "логин", "password", "login"]]),
        // A new e-mail, address or name of the organization is not a change of director: support handles it.
        IntentRule(
            .directorChange, -0.6, allOf: [organizationDetails], noneOf: head + ["приказ", "ssod", "innopolis"]),
        IntentRule(.support, 0.7, allOf: [detailChange, organizationDetails], noneOf: head),
        IntentRule(.help, -0.4, allOf: [detailChange, organizationDetails], noneOf: head),
        // approvals
        IntentRule(
            .approvals, 0.5,
            allOf: [
                [
                    "подтвер*", "отклон*", "одобр*", "принять", "принимать", "ожида*", "ждет", "ждут", "неподтвержд*",
                    "заявк*", "approve*", "reject*", "confirm*", "pending", "waiting",
                ],
                people,
            ],
            noneOf: ["отчет", "report*"]),
        IntentRule(
            .approvals, 0.4,
            allOf: [
                ["кто", "сколько", "список", "who"], ["ждет", "ждут", "ожида*", "неподтвержд*", "заявк*", "waiting"],
            ],
            noneOf: ["логин", "пароль", "запрос", "ответ"]),
        // report
        IntentRule(.report, 0.6, allOf: [["отчет", "report*"]]),
        // registration
        IntentRule(
            .registration, 0.5,
            allOf: [
                [
                    "зарегистр*", "зарегестр*", "регистрац*", "регистрир*", "=записаться", "записат*", "запиш*",
                    "присоединиться", "подключиться", "добавиться", "привязаться", "register*", "sign up", "signup",
                    "join",
                ]
            ],
            noneOf: ["подтвер*", "отклон*", "поддержк*", "техподдержк*", "support"]),
        IntentRule(
            .registration, 0.5, allOf: [["создать", "завести", "стать"], ["учетн*", "аккаунт*", "пользовател*"]]),
        IntentRule(.registration, -0.4, allOf: [["подтвер*", "отклон*", "одобр*", "approve*", "reject*"]]),
        IntentRule(.registration, -0.4, allOf: [["выйти", "выйдите", "=выход", "разлогин*", "отвяж*", "log out"]]),
        IntentRule(
            .registration, 0.5,
            allOf: [["попасть", "вступить", "добавьте", "добавить"], ["школ*", "платформ*", "организац*", "класс*"]]),
        // help
        IntentRule(
            .help, 0.45,
            allOf: [
                [
                    "контакт*", "телефон*", "номер", "горяч*", "справк*", "faq", "частые вопросы", "помощь", "помогите",
                    "помоги", "help", "contacts", "phone", "hotline", "умеешь", "можешь", "умеет", "команды",
                    "инструкци*", "звонить", "позвонить",
                ]
            ],
            // "выйдите из учётной записи, телефоном пользуется коллега" is about the account, not the phone line
            noneOf: ["спасибо", "благодар*", "thank*", "выйти", "выйдите", "=выход", "разлогин*", "отвяж*"]),
        IntentRule(
            .help, 0.35,
            allOf: [
                [
                    "связаться", "обращаться", "писать", "почта", "email", "поддержк*", "техподдержк*", "проблем*",
                    "не работает",
                ]
            ],
            noneOf: ["оператор*", "человек*", "специалист*", "сотрудник*", "соедин*", "свяжите", "написать"]),
        // support
        IntentRule(
            .support, 0.55,
            allOf: [
                [
                    "оператор*", "человек*", "живой", "живого", "живым", "специалист*", "сотрудник*", "консультант*",
                    "менеджер*", "human", "operator", "person", "agent", "someone",
                ]
            ],
            noneOf: ["сколько"]),
        IntentRule(
            .support, 0.25,
            allOf: [
                [
                    "соедин*", "переключ*", "переведите", "позов*", "поговорить", "говорить", "связать", "свяжите",
                    "talk", "speak", "connect",
                ]
            ]),
        // A ticket asked for in so many words.
        IntentRule(
            .support, 0.6,
            allOf: [
                ["создать", "оставить", "открыть", "завести", "подать", "open", "create"],
                ["обращени*", "заявк*", "тикет*", "ticket*"], ["поддержк*", "техподдержк*", "support"],
            ]),
        IntentRule(
            .help, -0.4,
            allOf: [
                ["создать", "оставить", "открыть", "завести", "подать", "open", "create"],
                ["обращени*", "заявк*", "тикет*", "ticket*"],
            ]),
        // Asking to be put through to support, or to write to it here, is a ticket; how to reach it is help.
        IntentRule(
            .support, 0.5,
            allOf: [
                [
                    "соедин*", "свяжите", "переключ*", "переведите", "написать", "напишу", "передайте", "talk",
                    "connect",
                    "write",
                ],
                ["поддержк*", "техподдержк*", "support"],
            ]),
        // thanks: "благодарю за помощь" thanks for help, it does not ask for it
        IntentRule(.thanks, 0.3, allOf: [["спасибо", "благодар*", "thank*"]]),
        IntentRule(
            .help, -0.4, allOf: [["спасибо", "благодар*", "thank*"], ["за помощь", "for help", "for your help"]]),
        // menu
        IntentRule(.menu, 0.4, allOf: [["меню", "menu", "начало", "начать", "сначала", "главн*", "старт", "start"]]),
    ]
}
