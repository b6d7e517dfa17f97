import Foundation

extension MRZResult {
    /// The identity printed in this MRZ, to fill a query form. The MRZ gives a two-digit birth
    /// year; the century is the latest one that does not put the birth after `referenceYear`.
    public func identityQuery(id: String = "mrz", referenceYear: Int) -> IdentityQuery {
        var birth: String?
        let digits = Array(birthDate)
        if digits.count == 6, let yy = Int(String(digits[0...1])) {
            let century = (referenceYear / 100) * 100
            let year = century + yy > referenceYear ? century - 100 + yy : century + yy
            birth = String(year)
            if let mm = Int(String(digits[2...3])), (1...12).contains(mm) {
                birth! += "-" + String(digits[2...3])
                if let dd = Int(String(digits[4...5])), (1...31).contains(dd) { birth! += "-" + String(digits[4...5]) }
            }
        }
        return IdentityQuery(
            id: id, givenNames: givenNames.isEmpty ? nil : givenNames,
            familyNames: familyNames.isEmpty ? nil : familyNames, aliases: [],
            sex: sex == "X" ? nil : sex, birthDate: birth,
            nationality: nationality.isEmpty ? nil : nationality,
            documentNumber: documentNumber.isEmpty ? nil : documentNumber)
    }
}
