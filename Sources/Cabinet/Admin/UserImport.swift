import Foundation

/// Why the CSV file as a whole cannot be imported.
public enum ImportFileProblem: Equatable, Sendable {
    /// The file holds no header line.
    case empty
    /// The header is not `role,name,email,login,teacher_login,class` (in any order); the columns found are carried.
    case badHeader([String])
    /// A quoted field opened on the line carried is never closed.
    case unterminatedQuote(line: Int)
}

/// Why one row of the CSV file was refused.
public enum ImportRowProblem: Equatable, Sendable {
    /// The row has this many fields instead of six.
    case wrongFieldCount(Int)
    /// The role (carried) is neither `teacher` nor `student`.
    case role(String)
    /// The name is not a full name.
    case name(PersonNameRejection)
    /// The e-mail address is not one.
    case email(EmailAddressRejection)
    /// The login is malformed.
    case login
    /// The login (carried) belongs to an existing account.
    case loginTaken(String)
    /// The login was already used on the line carried.
    case duplicateLogin(firstLine: Int)
    /// The teacher's login (carried) is no teacher of the organization, neither existing nor in the file.
    case teacherNotFound(String)
    /// A teacher row has a teacher or a class.
    case teacherRowWithStudentFields
    /// The class is not a grade 1–11 with an optional letter.
    case className
}

/// One refused row: its line number in the file (the header is line 1) and the problem.
public struct ImportProblem: Equatable, Sendable {
    /// The line the row begins on.
    public let line: Int
    /// What is wrong.
    public let problem: ImportRowProblem
}

/// One imported (or importable) row.
public struct ImportedUser: Equatable, Sendable {
    /// The line the row begins on.
    public let line: Int
    /// `.teacher` or `.student`.
    public let role: Role
    /// The login.
    public let login: String
}

/// What `import-users` did: with any problem nothing was imported and `imported` is empty.
public struct ImportReport: Equatable, Sendable {
    /// The organization.
    public let organizationID: OrganizationID
    /// The rows imported, in file order (empty when any row was refused).
    public let imported: [ImportedUser]
    /// The refused rows, in file order; a row may have several problems.
    public let problems: [ImportProblem]

    /// Whether the rows were imported (no row was refused).
    public var isApplied: Bool { problems.isEmpty }
}

/// A minimal RFC 4180 reader: quoted fields with `""`, CRLF or LF, a UTF-8 BOM ignored, blank lines skipped.
enum CSVReader {
    /// The records of `text`, each with the line it begins on.
    static func records(_ text: String) throws(CabinetError) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var inQuotes = false
        var scalars = Array((text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).unicodeScalars)
        scalars.append("\n")
        var index = 0
        func endRecord() {
            fields.append(field)
            field = ""
            let isBlank = fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty
            if !isBlank { records.append((recordLine, fields)) }
            fields = []
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.trimmingCharacters(in: .whitespaces).isEmpty:
                field = ""
                inQuotes = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
            case "\r" where index < scalars.count && scalars[index] == "\n":
                break
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        guard !inQuotes else { throw .importFile(.unterminatedQuote(line: quoteLine)) }
        return records
    }
}
