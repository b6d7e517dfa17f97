import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonNode

/// A few hundred realistic administrative records for a demo node: names in Arabic,
/// Cyrillic and Latin script as registries hold them, varied procedures and states. The same
/// seed gives the same records, so demo stories can rely on them.
enum DemoRecords {
    struct Person {
        var family: String
        var given: String
        var sex: String
        var nationality: String
    }

    static let arabic: [Person] = [
        .init(family: "الهاشمي", given: "عمر", sex: "M", nationality: "SYR"),
        .init(family: "العلي", given: "أحمد", sex: "M", nationality: "IRQ"),
        .init(family: "حسن", given: "فاطمة", sex: "F", nationality: "SDN"),
        .init(family: "عبد الرحمن", given: "محمد", sex: "M", nationality: "YEM"),
        .init(family: "الخطيب", given: "مريم", sex: "F", nationality: "SYR"),
        .init(family: "بن علي", given: "يوسف", sex: "M", nationality: "TUN"),
        .init(family: "المصري", given: "خالد", sex: "M", nationality: "EGY"),
        .init(family: "ولد محمد", given: "سيدي", sex: "M", nationality: "MRT"),
        .init(family: "الزهراني", given: "نور", sex: "F", nationality: "JOR"),
        .init(family: "أبو بكر", given: "إبراهيم", sex: "M", nationality: "LBY"),
    ]
    static let cyrillic: [Person] = [
        .init(family: "Коваленко", given: "Олександр", sex: "M", nationality: "UKR"),
        .init(family: "Шевченко", given: "Юлія", sex: "F", nationality: "UKR"),
        .init(family: "Иванов", given: "Алексей", sex: "M", nationality: "RUS"),
        .init(family: "Кадыров", given: "Рамзан", sex: "M", nationality: "RUS"),
        .init(family: "Назарбаева", given: "Айгуль", sex: "F", nationality: "KAZ"),
        .init(family: "Лукашук", given: "Дмитрий", sex: "M", nationality: "BLR"),
        .init(family: "Алиев", given: "Тимур", sex: "M", nationality: "TJK"),
        .init(family: "Петренко", given: "Наталія", sex: "F", nationality: "UKR"),
    ]
    static let latin: [Person] = [
        .init(family: "TESFAYE", given: "Abeba", sex: "F", nationality: "ERI"),
        .init(family: "GEBREMEDHIN", given: "Yonas", sex: "M", nationality: "ERI"),
        .init(family: "AHMADZAI", given: "Farid", sex: "M", nationality: "AFG"),
        .init(family: "HOSSEINI", given: "Zahra", sex: "F", nationality: "AFG"),
        .init(family: "OKONKWO", given: "Chinedu", sex: "M", nationality: "NGA"),
        .init(family: "DIALLO", given: "Mamadou", sex: "M", nationality: "GIN"),
        .init(family: "KHAN", given: "Imran", sex: "M", nationality: "PAK"),
        .init(family: "MOHAMMED", given: "Abdulrahman", sex: "M", nationality: "SOM"),
        .init(family: "RAHIMI", given: "Shabnam", sex: "F", nationality: "IRN"),
        .init(family: "NGUYEN", given: "Van An", sex: "M", nationality: "VNM"),
        .init(family: "BENALI", given: "Karim", sex: "M", nationality: "DZA"),
        .init(family: "EL AMRANI", given: "Salma", sex: "F", nationality: "MAR"),
        .init(family: "HAILE", given: "Tesfay", sex: "M", nationality: "ETH"),
        .init(family: "HAMADI", given: "Ali", sex: "M", nationality: "XXA"),
    ]

    /// The person the demo story is about: known in DE's records under the Arabic spelling,
    /// notified in BE under a Latin one.
    static let storyPerson = PersonIdentity(
        familyNames: "الهاشمي", givenNames: "عمر", sex: "M", birthDate: "1990-03-14", nationalities: ["SYR"],
        documents: [TravelDocument(type: "P", number: "N0123456", issuingState: "SYR", expiryDate: "2029-05-01")])

    struct Record {
        var reference: String
        var subject: PersonIdentity
        var situation: AdministrativeSituation
    }

    static func records(state: String, count: Int = 300, seed: UInt64 = 2026) -> [Record] {
        var random = SeededRandom(seed: seed &+ UInt64(state.unicodeScalars.reduce(0) { $0 &* 31 &+ UInt64($1.value) }))
        let pool = arabic + cyrillic + latin
        var out: [Record] = [Record(reference: "\(state)-IMM-000001", subject: storyPerson, situation: situation(.internationalProtection, .rejected, state: state, random: &random, rightToStay: .no))]
        for index in 2...max(2, count) {
            let person = pool[random.next(pool.count)]
            let other = pool[random.next(pool.count)]
            // Mix given names across people of the same script family so names repeat realistically.
            let given = random.next(3) == 0 ? other.given : person.given
            let year = 1960 + random.next(45)
            let birth: String =
                switch random.next(10) {
                case 0: "\(year)"
                case 1: "\(year)-01-01"
                default: String(format: "%04d-%02d-%02d", year, 1 + random.next(12), 1 + random.next(28))
                }
            let subject = PersonIdentity(
                familyNames: person.family, givenNames: given, sex: person.sex, birthDate: birth, nationalities: [person.nationality],
                documents: random.next(2) == 0 ? [TravelDocument(type: "P", number: "\(person.nationality.prefix(1))\(100000 + random.next(899999))", issuingState: person.nationality)] : [])
            let type = [ProcedureType.internationalProtection, .internationalProtection, .dublin, .return, .visa, .residencePermit][random.next(6)]
            let statuses = ProcedureStatus.allCases
            let status = statuses[random.next(statuses.count)]
            let rightToStay: RightToStay =
                switch status {
                case .granted: .yes
                case .rejected, .final, .returnDecision, .removalScheduled, .absconded: .no
                case .returned: .no
                default: .pending
                }
            out.append(Record(reference: String(format: "%@-IMM-%06d", state, index), subject: subject, situation: situation(type, status, state: state, random: &random, rightToStay: rightToStay)))
        }
        return out
    }

    static func situation(_ type: ProcedureType, _ status: ProcedureStatus, state: String, random: inout SeededRandom, rightToStay: RightToStay) -> AdministrativeSituation {
        let lodged = String(format: "20%02d-%02d-%02d", 19 + random.next(7), 1 + random.next(12), 1 + random.next(28))
        return AdministrativeSituation(
            procedures: [
                Procedure(
                    type: type, status: status, competentAuthority: "\(state) immigration and asylum authority",
                    fileReference: "\(state)/\(1000 + random.next(8999))/\(random.next(99))", keyDates: [KeyDate(event: "lodged", date: lodged)])
            ],
            rightToStay: rightToStay,
            entryBan: rightToStay == .no && random.next(3) == 0 ? EntryBan(until: "2030-12-31", issuedBy: "\(state) immigration and asylum authority") : nil)
    }
}

/// A small deterministic generator (SplitMix64), so demo data is the same on every start.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ upperBound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(upperBound))
    }
}
