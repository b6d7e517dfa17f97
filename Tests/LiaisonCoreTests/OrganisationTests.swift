import Foundation
import LiaisonCore
import Testing

@Suite("States, passwords, user names, audit records")
struct OrganisationTests {
    @Test("the network has 27 Member States, 4 Schengen-associated states and the Commission")
    func states() {
        #expect(ParticipatingState.all.filter { $0.membership == .memberState }.count == 27)
        #expect(ParticipatingState.all.filter { $0.membership == .schengenAssociated }.map(\.code).sorted() == ["CH", "IS", "LI", "NO"])
        #expect(ParticipatingState.named("EL")?.code == "GR")
        #expect(ParticipatingState.named("bel")?.code == "BE")
        #expect(ParticipatingState.named("XX") == nil)
    }

    @Test("EU/Schengen nationalities are recognised by ICAO code, Germany as D and DEU")
    func nationalities() {
        #expect(ParticipatingState.isParticipatingNationality("D"))
        #expect(ParticipatingState.isParticipatingNationality("DEU"))
        #expect(ParticipatingState.isParticipatingNationality("NOR"))
        #expect(!ParticipatingState.isParticipatingNationality("SYR"))
        #expect(!ParticipatingState.isParticipatingNationality("EUE"))
    }

    @Test("password rules")
    func passwords() {
        #expect(PasswordRules.problems(in: "short", username: "anne").contains { $0.contains("12") })
        #expect(!PasswordRules.problems(in: "anne-secret-phrase", username: "anne").isEmpty)
        #expect(!PasswordRules.problems(in: "aaaaaaaaaaaaaaaa", username: "x").isEmpty)
        #expect(PasswordRules.problems(in: "harbour-lantern-violet-42", username: "anne").isEmpty)
    }

    @Test("user names")
    func usernames() {
        #expect(Username.validate("be.imm") == nil)
        #expect(Username.validate("Be") != nil)
        #expect(Username.validate("1abc") != nil)
        #expect(Username.validate("a<script>") != nil)
    }

    @Test("canonical form escapes separators, and absent differs from empty")
    func canonicalForm() {
        let base = AuditRecord(sequence: 1, occurredAt: Date(timeIntervalSince1970: 1), actor: "a", action: .signIn, outcome: .success, previousHash: AuditRecord.genesisHash)
        var injected = base
        injected.detail = "x\nprev=fake"
        #expect(!injected.canonicalForm.contains("\nprev=fake"))
        var empty = base
        empty.reason = ""
        #expect(empty.canonicalForm != base.canonicalForm)
        #expect(base.canonicalForm.hasPrefix("seq=1\nat=1000\nactor=a\naction=auth.signIn"))
    }
}
