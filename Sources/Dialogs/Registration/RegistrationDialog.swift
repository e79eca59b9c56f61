import BotCore
import Cabinet

/// A teacher or a student joins an existing organization by its INN; the account waits for confirmation.
public struct RegistrationDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    public enum Phase: Codable, Equatable, Sendable {
        case form(FormState)
        /// The summary was confirmed; asking the password (never stored).
        case password(FormState)
        /// The password was chosen; asking it once more, checked against its seal (a yescrypt hash, never the
        /// password itself), since a typing slip in a hidden field would lock the person out.
        case repeatPassword(FormState, seal: String)
    }

    public struct State: Codable, Equatable, Sendable {
        var phase: Phase
    }

    static let common: [FormField<SchoolEnvironment>] = [
        schoolField("registration", "inn") { text, context in
            guard case .valid(let inn) = Validators.inn(text, context) else { return Validators.inn(text, context) }
            guard (try? context.environment.cabinet.organization(inn: inn)) ?? nil != nil else {
                return .invalid(context.t(.registrationNoOrganization))
            }
            return .valid(inn)
        },
        roleField,
        schoolField("registration", "name", Validators.personName),
        schoolField("registration", "email", Validators.email),
        schoolField("registration", "login") { text, context in
            guard case .valid(let login) = Validators.login(text, context) else {
                return Validators.login(text, context)
            }
            if (try? context.environment.cabinet.account(login: login)) ?? nil != nil {
                return .invalid(context.t(.errorLoginTaken))
            }
            return .valid(login)
        },
    ]

    static var roleField: FormField<SchoolEnvironment> {
        var field = FormField<SchoolEnvironment>(
            "role", prompt: "registration.ask.role", label: "registration.label.role", hint: "registration.hint.role",
            choices: { _, context in [context.t(.roleTeacherChoice), context.t(.roleStudentChoice)] },
            validate: { text, context in
                let folded = Matching.fold(text)
                if Matching.isLabel(text, L.roleTeacherChoice.rawValue, context)
                    || InputWords.teacherStems.contains(where: folded.hasPrefix) || folded == "1"
                {
                    return .valid(Role.teacher.rawValue)
                }
                if Matching.isLabel(text, L.roleStudentChoice.rawValue, context)
                    || InputWords.studentStems.contains(where: folded.hasPrefix) || folded == "2"
                {
                    return .valid(Role.student.rawValue)
                }
                return .invalid(context.t(.registrationRoleReason))
            })
        field.display = { value, context in context.t(Role(rawValue: value)?.label ?? .roleStudent) }
        return field
    }

    /// Up to this many teachers are offered as buttons too.
    static let maximumTeacherButtons = 8

    static var teacherField: FormField<SchoolEnvironment> {
        var field = FormField<SchoolEnvironment>(
            "teacher", prompt: "registration.ask.teacher", label: "registration.label.teacher",
            hint: "registration.hint.teacher",
            details: { values, context in
                let teachers = (try? context.environment.cabinet.confirmedTeachers(inn: values["inn"] ?? "")) ?? []
                guard !teachers.isEmpty else { return context.t(.registrationNoTeachers) }
                return teachers.enumerated().map { "\($0.offset + 1). \($0.element.fullName)" }.joined(separator: "\n")
            },
            choices: { values, context in
                // A school's few teachers as buttons; a long list is answered by number or name.
                let teachers = (try? context.environment.cabinet.confirmedTeachers(inn: values["inn"] ?? "")) ?? []
                return teachers.count <= maximumTeacherButtons ? teachers.map(\.fullName) : []
            },
            validateWithValues: { text, values, context in
                let teachers = (try? context.environment.cabinet.confirmedTeachers(inn: values["inn"] ?? "")) ?? []
                if let number = Int(text.trimmingCharacters(in: .whitespaces)),
                    (1...max(teachers.count, 1)).contains(number),
                    number <= teachers.count
                {
                    return .valid(String(teachers[number - 1].id.rawValue))
                }
                let folded = Matching.fold(text)
                if let pressed = teachers.first(where: { Matching.fold($0.fullName) == folded }) {
                    return .valid(String(pressed.id.rawValue))
                }
                let matches = teachers.filter { Matching.fold($0.fullName).contains(folded) }
                if matches.count == 1, folded.count >= 3 { return .valid(String(matches[0].id.rawValue)) }
                return .invalid(context.t(.registrationTeacherReason))
            })
        field.display = { value, context in
            Int(value).flatMap { try? context.environment.cabinet.account(id: AccountID(rawValue: $0)) }?.fullName
                ?? value
        }
        return field
    }

    static let teacherForm = Form<SchoolEnvironment>(common)
    static let studentForm = Form<SchoolEnvironment>(
        common + [teacherField, schoolField("registration", "class", Validators.className)])

    static func form(for values: [String: String]) -> Form<SchoolEnvironment> {
        values["role"] == Role.student.rawValue ? studentForm : teacherForm
    }

    public init() {}

    public var id: String { "registration" }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        var step = formStep(Self.teacherForm.start(context), context)
        step.messages.insert(OutMessage(context.t(.registrationIntro)), at: 0)
        return step
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        switch state.phase {
        case .form(let form):
            return formStep(Self.form(for: form.values).handle(event, form, context), context)
        case .password(let form):
            switch event {
            case .back:
                var summary = form
                summary.position = .summary
                return formStep(Self.form(for: form.values).handle(.resumed, summary, context), context)
            case .resumed, .childFinished:
                return .stay(state, [askPassword(context)])
            case .text(let password):
                return choose(password, form, context)
            }
        case .repeatPassword(let form, let seal):
            switch event {
            case .back:
                return .stay(State(phase: .password(form)), [askPassword(context)])
            case .resumed, .childFinished:
                return .stay(state, [askRepeat(context)])
            case .text(let password):
                guard context.environment.cabinet.password(password, matchesSeal: seal) else {
                    return askPasswordAgain(context.t(.registrationPasswordsDiffer), form, context)
                }
                return register(form, password: password, context)
            }
        }
    }

    public func step(of state: State) -> String {
        switch state.phase {
        case .form(let form): Self.form(for: form.values).step(of: form)
        case .password: "ask_password"
        case .repeatPassword: "repeat_password"
        }
    }

    public func formatHint(for state: State, context: Context) -> String? {
        switch state.phase {
        case .form(let form): Self.form(for: form.values).hint(form, context)
        case .password: context.t(.reasonPasswordShort, ["n": .number(Credentials.minimumPasswordLength)])
        case .repeatPassword: context.t(.registrationAskRepeat)
        }
    }

    private func formStep(_ outcome: FormOutcome, _ context: Context) -> Step<State> {
        switch outcome {
        case .asking(let form, let messages, let invalid):
            return .stay(State(phase: .form(form)), messages, invalid: invalid)
        case .left:
            return .finish(.cancelled)
        case .completed(let form):
            return .stay(State(phase: .password(form)), [askPassword(context)])
        }
    }

    private func askPassword(_ context: Context) -> OutMessage {
        OutMessage(
            context.t(.registrationAskPassword, ["n": .number(Credentials.minimumPasswordLength)]),
            buttons: [Step<State>.navigation(context)], input: .secret)
    }

    private func askRepeat(_ context: Context) -> OutMessage {
        OutMessage(context.t(.registrationAskRepeat), buttons: [Step<State>.navigation(context)], input: .secret)
    }

    /// The first entry of the password: checked against the policy, then asked once more.
    private func choose(_ password: String, _ form: FormState, _ context: Context) -> Step<State> {
        do {
            let seal = try context.environment.cabinet.sealPassword(password, login: form.values["login"] ?? "")
            return .stay(State(phase: .repeatPassword(form, seal: seal)), [askRepeat(context)])
        } catch .weakPassword(let problem) {
            return askPasswordAgain(ErrorText.password(problem, context), form, context)
        } catch {
            return askPasswordAgain(ErrorText.message(error, context), form, context)
        }
    }

    /// Why the password was not taken, and the question again.
    private func askPasswordAgain(_ reason: String, _ form: FormState, _ context: Context) -> Step<State> {
        .stay(State(phase: .password(form)), [OutMessage(reason), askPassword(context)], invalid: true)
    }

    private func register(_ form: FormState, password: String, _ context: Context) -> Step<State> {
        let values = form.values
        let role = Role(rawValue: values["role"] ?? "") ?? .teacher
        let registration = Registration(
            inn: values["inn"] ?? "", role: role, fullName: values["name"] ?? "", email: values["email"] ?? "",
            login: values["login"] ?? "",
            teacherID: role == .student ? values["teacher"].flatMap(Int.init).map(AccountID.init) : nil,
            className: role == .student ? values["class"] : nil)
        do {
            _ = try context.environment.cabinet.register(registration, password: password, chat: context.chat)
        } catch .weakPassword(let problem) {
            return askPasswordAgain(ErrorText.password(problem, context), form, context)
        } catch {
            var back = form
            back.position = .summary
            return .stay(
                State(phase: .form(back)),
                [OutMessage(ErrorText.message(error, context))]
                    + [OutMessage(context.t(CoreText.formChangeHint.rawValue))], invalid: true)
        }
        let key: L = role == .teacher ? .registrationDoneTeacher : .registrationDoneStudent
        return .finish(.done(nil), [OutMessage(context.t(key, ["login": .text(registration.login)]))])
    }
}
