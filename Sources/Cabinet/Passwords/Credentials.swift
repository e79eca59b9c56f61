import BotCore
import Foundation

/// The rules for logins and passwords, and their generation from a `RandomSource`.
public enum Credentials {
    /// The fewest characters a password may have.
    public static let minimumPasswordLength = 8
    /// The most characters a password may have.
    public static let maximumPasswordLength = 128
    /// The length limits of a login.
    public static let loginLength = 3...32
    /// The length of a generated login.
    public static let generatedLoginLength = 8
    /// The length of a generated password.
    public static let generatedPasswordLength = 12

    /// Letters and digits that cannot be mistaken for one another (no `0/o`, `1/l/i`).
    private static let lowerAlphabet = "abcdefghjkmnpqrstuvwxyz"
    private static let upperAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    private static let digitAlphabet = "23456789"

    /// The stored form of a login (trimmed, lower-cased), or why it is not one.
    ///
    /// A login is 3 to 32 ASCII letters, digits, `.`, `_` and `-`, beginning with a letter or a digit. Full-width
    /// and other compatibility forms are normalized first (NFKC): `ｄｉｒｅｃｔｏｒ` is `director`.
    public static func login(_ raw: String) throws(CabinetError) -> String {
        let login = raw.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces).lowercased()
        let allowed = login.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_"
                || scalar == "-"
        }
        guard allowed, loginLength.contains(login.count), let first = login.unicodeScalars.first,
            ("a"..."z").contains(first) || ("0"..."9").contains(first)
        else { throw .invalidField(.login) }
        return login
    }

    /// Checks a new password against the policy; `login` is the stored login it may not equal.
    public static func checkPassword(_ password: String, login: String) throws(CabinetError) {
        guard password.count >= minimumPasswordLength else {
            throw .weakPassword(.tooShort(minimum: minimumPasswordLength))
        }
        guard password.count <= maximumPasswordLength else {
            throw .weakPassword(.tooLong(maximum: maximumPasswordLength))
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .weakPassword(.badCharacter)
        }
        guard password.lowercased() != login.lowercased() else { throw .weakPassword(.sameAsLogin) }
    }

    /// A random login: a letter, then letters and digits.
    static func generateLogin(_ random: RandomSource) -> String {
        random.string(count: 1, from: lowerAlphabet)
            + random.string(count: generatedLoginLength - 1, from: lowerAlphabet + digitAlphabet)
    }

    /// A random password of upper- and lower-case letters and digits, holding at least one of each.
    static func generatePassword(_ random: RandomSource) -> String {
        let all = lowerAlphabet + upperAlphabet + digitAlphabet
        while true {
            let password = random.string(count: generatedPasswordLength, from: all)
            let hasLower = password.contains(where: \.isLowercase)
            let hasUpper = password.contains(where: \.isUppercase)
            let hasDigit = password.contains(where: \.isNumber)
            if hasLower && hasUpper && hasDigit { return password }
        }
    }
}
