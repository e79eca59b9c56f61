import BotCore
import Foundation

extension Cabinet {
    /// The CSV header of `import-users`, in its usual order (any order is accepted).
    public static let importColumns = ["role", "name", "email", "login", "teacher_login", "class"]

    /// Imports pending teachers and students of an organization from CSV (`admin import-users`).
    ///
    /// Every row is checked first; when any is refused, nothing is imported and the report lists every
    /// problem with its line number (the header is line 1). Otherwise all rows are imported, teachers before
    /// students, as pending accounts **without a password**: they cannot log in until one is set with
    /// ``setPassword(login:password:)`` (or they register anew). A student's `teacher_login` may name a teacher of
    /// the organization or one in the same file; the e-mail, the teacher and the class are optional.
    /// Roles may be written `teacher`/`student` or `учитель`/`ученик`.
    public func importUsers(organizationINN: String, csv: String) throws(CabinetError) -> ImportReport {
        let inn = try FieldCheck.inn(organizationINN)
        let records = try CSVReader.records(csv)
        guard let header = records.first else { throw .importFile(.empty) }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard columns.sorted() == Self.importColumns.sorted() else { throw .importFile(.badHeader(columns)) }
        let position = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        return try write {
            guard let organization = try fetchOrganization(inn: inn) else { throw CabinetError.organizationNotFound }
            var problems: [ImportProblem] = []
            var rows: [ImportRow] = []
            var firstLine: [String: Int] = [:]
            for record in records.dropFirst() {
                let line = record.line
                guard record.fields.count == columns.count else {
                    problems.append(ImportProblem(line: line, problem: .wrongFieldCount(record.fields.count)))
                    continue
                }
                let value = { (name: String) in
                    record.fields[position[name] ?? 0].trimmingCharacters(in: .whitespacesAndNewlines)
                }
                var rowProblems: [ImportRowProblem] = []
                let row = try checkRow(value, line: line, firstLine: &firstLine, problems: &rowProblems)
                problems += rowProblems.map { ImportProblem(line: line, problem: $0) }
                if let row { rows.append(row) }
            }
            let teachersInFile = Set(rows.filter { $0.role == .teacher }.map(\.login))
            for row in rows {
                guard let teacher = row.teacherLogin, !teachersInFile.contains(teacher) else { continue }
                let existing = try fetchAccount(login: teacher)
                if existing?.role != .teacher || existing?.organizationID != organization.id {
                    problems.append(ImportProblem(line: row.line, problem: .teacherNotFound(teacher)))
                }
            }
            guard problems.isEmpty else {
                return ImportReport(
                    organizationID: organization.id, imported: [], problems: problems.sorted { $0.line < $1.line })
            }
            var ids: [String: AccountID] = [:]
            for row in rows.filter({ $0.role == .teacher }) + rows.filter({ $0.role == .student }) {
                var teacherID: AccountID?
                if let teacher = row.teacherLogin {
                    teacherID = try ids[teacher] ?? fetchAccount(login: teacher)?.id
                }
                ids[row.login] = try insertAccount(
                    AccountDraft(
                        login: row.login, passwordHash: nil, role: row.role, organizationID: organization.id,
                        fullName: row.fullName, email: row.email, status: .pending, teacherID: teacherID,
                        className: row.className))
            }
            return ImportReport(
                organizationID: organization.id,
                imported: rows.map { ImportedUser(line: $0.line, role: $0.role, login: $0.login) }, problems: [])
        }
    }

    /// A row that passed its own checks.
    private struct ImportRow {
        let line: Int
        let role: Role
        let fullName: String
        let email: String?
        let login: String
        let teacherLogin: String?
        let className: String?
    }

    /// Checks one row's fields; returns the row when it has no problem of its own.
    private func checkRow(
        _ value: (String) -> String, line: Int, firstLine: inout [String: Int], problems: inout [ImportRowProblem]
    ) throws -> ImportRow? {
        let role: Role? =
            switch value("role").lowercased() {
            case "teacher", "учитель", "педагог": .teacher
            case "student", "ученик", "обучающийся": .student
            default: nil
            }
        if role == nil { problems.append(.role(value("role"))) }
        var fullName = ""
        do {
            fullName = try PersonName(value("name")).fullName
        } catch {
            problems.append(.name(error))
        }
        var email: String?
        if !value("email").isEmpty {
            do {
                email = try EmailAddress(value("email")).description
            } catch {
                problems.append(.email(error))
            }
        }
        var login = ""
        if let valid = try? Credentials.login(value("login")) {
            login = valid
            if let first = firstLine[login] {
                problems.append(.duplicateLogin(firstLine: first))
            } else {
                firstLine[login] = line
                if try fetchAccount(login: login) != nil { problems.append(.loginTaken(login)) }
            }
        } else {
            problems.append(.login)
        }
        let teacherLogin = value("teacher_login").isEmpty ? nil : value("teacher_login").lowercased()
        var className: String?
        if role == .teacher, teacherLogin != nil || !value("class").isEmpty {
            problems.append(.teacherRowWithStudentFields)
        } else if !value("class").isEmpty {
            do {
                className = try FieldCheck.className(value("class"))
            } catch {
                problems.append(.className)
            }
        }
        guard problems.isEmpty, let role else { return nil }
        return ImportRow(
            line: line, role: role, fullName: fullName, email: email, login: login, teacherLogin: teacherLogin,
            className: className)
    }
}
