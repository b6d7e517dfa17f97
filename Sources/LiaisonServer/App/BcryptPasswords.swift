import HummingbirdBcrypt
import LiaisonAccess

/// Passwords as bcrypt hashes, for `AuthService`.
struct BcryptPasswords: PasswordHashing {
    func hash(_ password: String, cost: UInt8) -> String { Bcrypt.hash(password, cost: cost) }
    func verify(_ password: String, against hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}
