import Foundation

/// A login of the demo school, for the README and `botrunner chat --demo`.
public struct DemoLogin: Equatable, Sendable {
    /// The login.
    public let login: String
    /// The password (demo accounts only: these are published).
    public let password: String
    /// The role.
    public let role: Role
    /// The organization's INN (nil for the agent).
    public let inn: String?
    /// Confirmed or pending.
    public let status: AccountStatus
    /// For a director: the identity's state.
    public let directorState: DirectorState?
}

/// The demo school: two organizations, their directors, teachers and students, and an agent.
///
/// - `7707083893` «МБОУ СОШ № 1 г. Казани» (region 16): a confirmed director (`director` / `demo-director`),
///   a confirmed teacher (`teacher` / `demo-teacher`), 3 pending teachers and 15 pending students, 8 of them
///   the confirmed teacher's. Pending accounts have no password.
/// - `1655012344` «МБОУ «Гимназия № 2» г. Казани» (region 16): a director whose identity is not confirmed
///   (`newdirector` / `demo-newdirector`).
/// - An agent (`agent` / `demo-agent`).
public enum DemoSchool {
    /// The first school's INN.
    public static let schoolINN = "7707083893"
    /// The second school's INN.
    public static let secondSchoolINN = "1655012344"

    /// The accounts that can log in, with their published passwords.
    public static let logins: [DemoLogin] = [
        DemoLogin(
            login: "director", password: "demo-director", role: .director, inn: schoolINN, status: .confirmed,
            directorState: .confirmed),
        DemoLogin(
            login: "teacher", password: "demo-teacher", role: .teacher, inn: schoolINN, status: .confirmed,
            directorState: nil),
        DemoLogin(
            login: "newdirector", password: "demo-newdirector", role: .director, inn: secondSchoolINN,
            status: .confirmed, directorState: .unconfirmed),
        DemoLogin(
            login: "agent", password: "demo-agent", role: .agent, inn: nil, status: .confirmed, directorState: nil),
    ]

    private static let pendingTeachers = [
        ("teacher2", "Кузнецова Ольга Николаевна"),
        ("teacher3", "Попов Дмитрий Андреевич"),
        ("teacher4", "Васильева Елена Сергеевна"),
    ]

    /// Students: login, name, class, and whose (nil: the confirmed teacher `teacher`).
    private static let students: [(String, String, String, String?)] = [
        ("student01", "Алёшин Пётр Сергеевич", "5А", nil),
        ("student02", "Белова Анна Ивановна", "5А", nil),
        ("student03", "Волков Артём Дмитриевич", "5А", nil),
        ("student04", "Горелова Софья Алексеевна", "5А", nil),
        ("student05", "Данилов Максим Павлович", "5Б", nil),
        ("student06", "Ершова Дарья Михайловна", "5Б", nil),
        ("student07", "Жуков Иван Олегович", "5Б", nil),
        ("student08", "Зайцева Полина Романовна", "5Б", nil),
        ("student09", "Ильин Кирилл Андреевич", "7В", "teacher2"),
        ("student10", "Королёва Алиса Денисовна", "7В", "teacher2"),
        ("student11", "Лебедев Матвей Игоревич", "7В", "teacher2"),
        ("student12", "Морозова Вероника Юрьевна", "8А", "teacher3"),
        ("student13", "Никитин Егор Викторович", "8А", "teacher3"),
        ("student14", "Орлова Ксения Сергеевна", "9Б", "teacher4"),
        ("student15", "Павлов Тимофей Ильич", "9Б", "teacher4"),
    ]

    /// Creates whatever of the demo school is missing and returns the logins that can log in.
    ///
    /// An account whose login exists is left as it is, and so is a school that already has a director.
    @discardableResult
    public static func seed(_ cabinet: Cabinet) throws(CabinetError) -> [DemoLogin] {
        try cabinet.write {
            let school =
                try cabinet.fetchOrganization(inn: schoolINN)
                ?? cabinet.insertOrganization(
                    inn: schoolINN, name: "МБОУ СОШ № 1 г. Казани", email: "school1@example.ru", region: "16")
            let second =
                try cabinet.fetchOrganization(inn: secondSchoolINN)
                ?? cabinet.insertOrganization(
                    inn: secondSchoolINN, name: "МБОУ «Гимназия № 2» г. Казани", email: "gymnasium2@example.ru",
                    region: "16")
            let main: [(DemoLogin, String, OrganizationID?)] = [
                (logins[0], "Иванова Мария Петровна", school.id),
                (logins[1], "Смирнов Алексей Викторович", school.id),
                (logins[2], "Сидоров Николай Петрович", second.id),
                (logins[3], "Агентова Ирина Владимировна", nil),
            ]
            for (demo, name, organization) in main where try cabinet.fetchAccount(login: demo.login) == nil {
                if demo.role == .director, let organization, try cabinet.fetchDirector(organization) != nil { continue }
                _ = try cabinet.insertAccount(
                    Cabinet.AccountDraft(
                        login: demo.login, passwordHash: try cabinet.hashPassword(demo.password), role: demo.role,
                        organizationID: organization, fullName: name, email: nil, status: demo.status,
                        directorState: demo.directorState ?? .unconfirmed))
            }
            for (login, name) in pendingTeachers where try cabinet.fetchAccount(login: login) == nil {
                _ = try cabinet.insertAccount(
                    Cabinet.AccountDraft(
                        login: login, passwordHash: nil, role: .teacher, organizationID: school.id, fullName: name,
                        email: "\(login)@example.ru", status: .pending))
            }
            for (login, name, className, teacher) in students where try cabinet.fetchAccount(login: login) == nil {
                let teacherID = try cabinet.fetchAccount(login: teacher ?? "teacher")?.id
                _ = try cabinet.insertAccount(
                    Cabinet.AccountDraft(
                        login: login, passwordHash: nil, role: .student, organizationID: school.id, fullName: name,
                        email: nil, status: .pending, teacherID: teacherID, className: className))
            }
            return logins
        }
    }
}
