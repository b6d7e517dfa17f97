import Foundation

/// Names: runs of capitalised words read against the lexicons. A run is a name when a title
/// or a word such as "alias" or "smuggler" announces it, or when it holds a known given or
/// family name that is not also a common word, next to other name-like words; it is not a
/// name when it is, or is part of, a place, an organisation, a building or a street.
extension PersonalDataDetector {
    func nameFindings(in text: DetectorText) -> [Finding] {
        let words = NameWords.words(in: text)
        var findings: [Finding] = []
        var index = 0
        while index < words.count {
            guard let run = NameWords.run(from: index, in: words), !run.isEmpty else {
                index += 1
                continue
            }
            defer { index = run.upperBound }
            if let (name, end) = familyCommaGiven(run, words: words, text: text) {
                findings.append(Finding(kind: .name, range: name))
                index = end
                continue
            }
            findings += names(in: run, words: words, text: text).map { Finding(kind: .name, range: $0) }
        }
        findings += quotedAliases(in: text)
        findings += otherScriptNames(in: words)
        return findings
    }

    /// The names a run of capitalised words holds: none when the run is, or is part of, a place
    /// or an institution; else each stretch between common words that reads as a name.
    private func names(in run: Range<Int>, words: [NameWord], text: DetectorText) -> [NSRange] {
        let previous = run.lowerBound > 0 ? words[run.lowerBound - 1] : nil
        let next = run.upperBound < words.count ? words[run.upperBound] : nil
        var run = run
        let first = words[run.lowerBound]
        // A title or a word such as "smuggler" just before the run (or two words before, past an
        // adjective: "la passeuse albanaise Elira Dervishi") announces a name.
        var announced =
            announcingWord(before: run.lowerBound, words: words, text: text)
            || NameWords.announcedByPhrase(text.before(first.range.location, 40))
        while run.count > 1, NameWords.titles.contains(words[run.lowerBound].folded) {
            announced = true
            run = run.dropFirst()
        }
        let classes = run.map { classify(words[$0]) }
        // Part of a place, an organisation or a street named after a person.
        if classes.contains(.marker) || previous.map({ first.isAdjacent && NameWords.prefixMarkers.contains($0.folded) }) == true
            || next.map({ $0.isAdjacent && NameWords.markers.contains($0.folded) }) == true
            || NameWords.prefixMarkers.contains(words[run.lowerBound].folded)
            || containsPlace(run, words)
        {
            return []
        }
        if markerShortlyBefore(run.lowerBound, words: words, text: text) { return [] }
        // A word after the run that only follows a person ("Radu Popescu, ressortissant roumain")
        // announces its last stretch, even after "à".
        let announcedAfter = announcingAfter(run, words: words, text: text)
        let located = !announcedAfter && (previous.map { NameWords.locatives.contains($0.folded) && first.isAdjacent } ?? false)
        // Each stretch between common words ("Die Verdächtige Ewa Zielińska"), particles trimmed.
        // In German every noun is capitalised, so a word that announces a person may stand
        // inside the run ("vom Sonderbevollmächtigten Joachim Stamp"): it announces what follows.
        func announcesWithin(_ index: Int) -> Bool { !words[index].isInitial && NameWords.announcesWithin(words[index].folded) }
        var found: [NSRange] = []
        var segmentStart = run.lowerBound
        var segmentAnnounced = announced
        for index in run.lowerBound...run.upperBound
        where index == run.upperBound || classes[index - run.lowerBound] == .common || announcesWithin(index) {
            var lower = segmentStart, upper = index
            let stretchAnnounced = segmentAnnounced || (announcedAfter && index == run.upperBound)
            segmentStart = index + 1
            // Not past an article: "der Vermieter der Sammelunterkunft" names a place.
            segmentAnnounced = index < run.upperBound && announcesWithin(index) && index + 1 < run.upperBound && classes[index + 1 - run.lowerBound] != .particle
            // A family name that is also a word ends an announced name: "Joachim Stamp".
            if stretchAnnounced, index == run.upperBound - 1, upper - lower == 1, lexicon.givenNames.contains(words[lower].folded),
                !NameWords.notNames.contains(words[index].folded), !lexicon.places.contains(words[index].folded)
            {
                upper += 1
                segmentStart = run.upperBound + 1
            }
            let kunya = upper - lower >= 2 && NameWords.kunyas.contains(words[lower].folded)
            while !kunya, lower < upper, classes[lower - run.lowerBound] == .particle { lower += 1 }
            while upper > lower, classes[upper - 1 - run.lowerBound] == .particle { upper -= 1 }
            guard lower < upper else { continue }
            let kept = Array(classes[(lower - run.lowerBound)..<(upper - run.lowerBound)])
            // The stretch that opens the run is announced by what comes before it, the last one by what follows it.
            if isName(kept, words: Array(words[lower..<upper]), announced: stretchAnnounced, located: located && lower == run.lowerBound) {
                found.append(NSRange(location: words[lower].range.location, length: NSMaxRange(words[upper - 1].range) - words[lower].range.location))
            }
        }
        return found
    }

    private func isName(_ kept: [WordClass], words: [NameWord], announced: Bool, located: Bool) -> Bool {
        // A kunya ("Abu Ali", "Umm Ahmed") is a name by which a person is known.
        if words.count >= 2, NameWords.kunyas.contains(words[0].folded), lexicon.givenNames.contains(words[1].folded) { return true }
        let nameParts = kept.filter { $0 != .particle && $0 != .initial }
        guard !nameParts.isEmpty else { return false }
        if announced {
            return !(nameParts.count == 1 && nameParts[0] == .weak && words[0].isUpper)
        }
        if kept.count == 2, kept[0] == .initial, [.strong, .unknown].contains(kept[1]), !words[1].isUpper { return true }
        let strongGiven = zip(kept, words).contains { $0 == .strong && lexicon.givenNames.contains($1.folded) }
        // After "in", "near", "bei": a place unless a given name says otherwise (in Mai Aini).
        if located, !strongGiven { return false }
        // A given name that is also a word ("Joy", "Precious") leads a name when a word no
        // lexicon knows follows it: "Joy Ehigiator".
        let weakGivenFirst =
            kept[0] == .weak && words[0].folded.count >= 3 && lexicon.givenNames.contains(words[0].folded)
            && kept.dropFirst().contains(.unknown)
        // A given name alone ("à Samir") is not taken: too many words and places are one too
        // (Georgian, Kenia, Erasmus); docs/benchmarks.md has the figures of trying.
        return nameParts.count >= 2 && kept.count <= 6 && (kept.contains(.strong) || weakGivenFirst)
    }

    /// Whether a word that makes a place or an institution stands up to three words before
    /// word `index` in the same clause: Flughafen München „Franz Josef Strauß“.
    private func markerShortlyBefore(_ index: Int, words: [NameWord], text: DetectorText) -> Bool {
        var position = index
        for _ in 0..<3 where position > 0 {
            let word = words[position - 1], following = words[position]
            let gap = text.substring(NSRange(location: NSMaxRange(word.range), length: following.range.location - NSMaxRange(word.range)))
            guard gap.count <= 3, gap.allSatisfy({ " „“”\"«»‚‘'’".contains($0) || $0 == "\u{a0}" }) else { return false }
            if NameWords.prefixMarkers.contains(word.folded) || NameWords.markers.contains(word.folded) { return true }
            guard word.isCapitalised else { return false }
            position -= 1
        }
        return false
    }

    /// Whether a title, or a word that introduces a person, stands right before word `index`,
    /// or two words before it past a lower-case adjective.
    private func announcingWord(before index: Int, words: [NameWord], text: DetectorText) -> Bool {
        var position = index
        // Particles between a form of address and the name belong to the name: Herr van der
        // Meulen (but "col de Montgenèvre" is a mountain pass, not a colonel).
        var past = index
        while past > 1, NameWords.particles.contains(words[past - 1].folded), !words[past - 1].isCapitalised,
            text.substring(NSRange(location: NSMaxRange(words[past - 1].range), length: words[past].range.location - NSMaxRange(words[past - 1].range))) == " "
        {
            past -= 1
        }
        if past < index, NameWords.formsOfAddress.contains(words[past - 1].folded) { return true }
        for step in 0..<2 {
            guard position > 0 else { return false }
            let word = words[position - 1], following = words[position]
            let gap = text.substring(NSRange(location: NSMaxRange(word.range), length: following.range.location - NSMaxRange(word.range)))
            guard gap.count <= 2, !gap.contains("\n") else { return false }
            if NameWords.titles.contains(word.folded) || NameWords.announcing.contains(word.folded) { return true }
            // Past an adjective ("albanaise"), never past a word that links to something else ("in", "with").
            guard step == 0, !word.isCapitalised, gap == " ", word.folded.count >= 4, !NameWords.notNames.contains(word.folded),
                !NameWords.locatives.contains(word.folded)
            else { return false }
            position -= 1
        }
        return false
    }

    /// Whether a word that follows only a person comes right after the run, past a comma:
    /// "Radu-Ionuț Popescu, ressortissant roumain", "Jana Novak, born in 1990".
    private func announcingAfter(_ run: Range<Int>, words: [NameWord], text: DetectorText) -> Bool {
        guard run.upperBound < words.count else { return false }
        let last = words[run.upperBound - 1], next = words[run.upperBound]
        let gap = text.substring(NSRange(location: NSMaxRange(last.range), length: next.range.location - NSMaxRange(last.range)))
        return gap == ", " && NameWords.followingPerson.contains(next.folded)
    }

    /// "MORINA, Fatmir", "Van den Broeck, Pieter": a family name, a comma, and given names.
    private func familyCommaGiven(_ whole: Range<Int>, words: [NameWord], text: DetectorText) -> (NSRange, Int)? {
        // In German the word that announces the person is in the run: "Der Beschuldigte MORINA, Fatmir".
        let announcer = whole.dropLast().last { !words[$0].isInitial && NameWords.announcesWithin(words[$0].folded) }
        let run = announcer.map { ($0 + 1)..<whole.upperBound } ?? whole
        guard run.count <= 4, run.upperBound < words.count,
            text.substring(NSRange(location: NSMaxRange(words[run.upperBound - 1].range), length: words[run.upperBound].range.location - NSMaxRange(words[run.upperBound - 1].range))) == ", ",
            let given = NameWords.run(from: run.upperBound, in: words), given.count <= 3
        else { return nil }
        let family = run.map { classify(words[$0]) }
        let givenClasses = given.map { classify(words[$0]) }
        let familyLike =
            family.allSatisfy { [.strong, .unknown, .particle].contains($0) } && family.contains { $0 != .particle }
            && (family.contains(.strong) || run.contains { words[$0].isUpper })
        // After a word that announces a person ("Der Beschuldigte MORINA, Fatmir"), a given name no lexicon knows will do.
        let announced = (announcer != nil || announcingWord(before: run.lowerBound, words: words, text: text)) && run.allSatisfy { words[$0].isUpper }
        let givenLike =
            (lexicon.givenNames.contains(words[given.lowerBound].folded) && givenClasses.allSatisfy { [.strong, .weak].contains($0) })
            || (announced && !words[given.lowerBound].isUpper && givenClasses.allSatisfy { [.strong, .weak, .unknown].contains($0) })
        guard familyLike, givenLike, !containsPlace(run, words) else { return nil }
        let start = words[run.lowerBound].range.location
        return (NSRange(location: start, length: NSMaxRange(words[given.upperBound - 1].range) - start), given.upperBound)
    }

    enum WordClass: Equatable {
        case strong, weak, unknown, common, particle, initial, marker
    }

    private func classify(_ word: NameWord) -> WordClass {
        if word.isInitial { return .initial }
        let parts = word.folded.split(separator: "-").map(String.init)
        if parts.contains(where: NameWords.markers.contains) { return .marker }
        if NameWords.particles.contains(word.folded) { return .particle }
        if NameWords.notNames.contains(word.folded) { return .common }
        let names = parts.filter { lexicon.givenNames.contains($0) || lexicon.familyNames.contains($0) || NameWords.particles.contains($0) }
        let isName = !names.isEmpty && names.count == parts.count && !parts.allSatisfy(NameWords.particles.contains)
        // A hyphenated word is a common one only when all its parts are (Nord-Süd, not Abdel-Fattah).
        let isCommon =
            parts.allSatisfy { lexicon.commonWords.contains($0) || NameWords.particles.contains($0) } && !parts.allSatisfy(NameWords.particles.contains)
            || lexicon.commonWords.contains(word.folded) || lexicon.places.contains(word.folded) || NameWords.notNames.contains(word.folded)
        if word.isUpper && word.folded.count < 3 { return .common }
        if isName { return isCommon || (word.isUpper && word.folded.count < 4) ? .weak : .strong }
        if isCommon { return .common }
        // A capitalised word no lexicon knows: an uncommon family name, or a rare word.
        return parts.contains { !lexicon.givenNames.contains($0) && !lexicon.familyNames.contains($0) && $0.count >= 2 } ? .unknown : .strong
    }

    /// Whether two or three words of the run name a town or a country (Port Said, Ben Gardane).
    private func containsPlace(_ run: Range<Int>, _ words: [NameWord]) -> Bool {
        for start in run {
            for length in 2...3 where start + length <= run.upperBound {
                let joined = words[start..<(start + length)].map(\.folded).joined(separator: " ")
                if lexicon.places.contains(joined) { return true }
            }
        }
        return false
    }

    /// A quoted nickname after "alias", "known as", "dit", "genannt": `known as "Abu Salim"`.
    private func quotedAliases(in text: DetectorText) -> [Finding] {
        let aliases = text.matches(NameWords.quotedAlias).map { Finding(kind: .name, range: $0.range(at: 1)) }
        // A given name in quotes is how messages and contacts name a person (an „Sasha“), unless
        // a word before it says it names a boat, an operation or a project.
        let quoted = text.matches(NameWords.quotedName).map { $0.range(at: 1) }.filter { range in
            let quotedWords = NameWords.words(in: DetectorText(text.substring(range)))
            guard let first = quotedWords.first, lexicon.givenNames.contains(first.folded), classify(first) == .strong,
                quotedWords.allSatisfy({ [.strong, .unknown, .particle].contains(classify($0)) })
            else { return false }
            return NameWords.namesAThing.firstMatch(in: text.before(range.location, 30), range: NSRange(location: 0, length: min(30, range.location))) == nil
        }
        return aliases + quoted.map { Finding(kind: .name, range: $0) }
    }

    /// Names in scripts without capitals (Arabic) or in Cyrillic or Greek: in a report written
    /// in English, French or German, a run of such words is a name.
    private func otherScriptNames(in words: [NameWord]) -> [Finding] {
        var findings: [Finding] = []
        var start: Int?
        func close(_ end: Int) {
            if let first = start, end - first >= 1 {
                let range = NSRange(location: words[first].range.location, length: NSMaxRange(words[end - 1].range) - words[first].range.location)
                // One word of a script with capitals (Контакт) is any word; of Arabic, a name.
                let cased = words[first].isCapitalised
                if end - first >= 2 || (!cased && words[first].range.length >= 3) { findings.append(Finding(kind: .name, range: range)) }
            }
            start = nil
        }
        for (index, word) in words.enumerated() {
            if word.isOtherScript, start == nil || word.isAdjacent {
                if start == nil { start = index }
            } else {
                close(index)
                if word.isOtherScript { start = index }
            }
        }
        close(words.count)
        return findings
    }
}

/// A word of the text, with what the name finder needs to know of it.
struct NameWord {
    let range: NSRange
    let text: String
    let folded: String
    /// Whether only a single space (or a hyphen) separates it from the word before.
    let isAdjacent: Bool
    let isCapitalised: Bool
    let isUpper: Bool
    let isInitial: Bool
    let isOtherScript: Bool
}

enum NameWords {
    /// The words of a text: letters with inner apostrophes and hyphens.
    static func words(in text: DetectorText) -> [NameWord] {
        var words: [NameWord] = []
        let units = Array(text.string.utf16)
        var index = 0
        var gapStart = 0
        while index < units.count {
            guard isLetter(at: index, units) else {
                index += 1
                continue
            }
            var start = index
            // French elision: "d'Ahmed", "l'avenue" are the word after the apostrophe.
            if let elided = elisionLength(at: index, units) { start += elided; index += elided }
            while index < units.count,
                isLetter(at: index, units) || (["'", "’", "-"].map { $0.utf16.first! }.contains(units[index]) && index + 1 < units.count && isLetter(at: index + 1, units))
            {
                index += isLetter(at: index, units) && UTF16.isLeadSurrogate(units[index]) ? 2 : 1
            }
            let range = NSRange(location: start, length: index - start)
            let word = text.ns.substring(with: range)
            let gap = text.ns.substring(with: NSRange(location: gapStart, length: start - gapStart))
            gapStart = index
            let first = word.unicodeScalars.first!
            let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }
            let isCased = letters.contains { $0.properties.isUppercase || $0.properties.isLowercase }
            let isUpper = isCased && letters.count >= 2 && letters.allSatisfy { !$0.properties.isLowercase }
            let isInitial = letters.count == 1 && first.properties.isUppercase && index < units.count && units[index] == 0x2E
            let latinOrCased = first.properties.isUppercase || first.properties.isLowercase
            words.append(
                NameWord(
                    range: range, text: word, folded: DetectorLexicon.fold(word),
                    isAdjacent: gap == " " || gap == "\u{a0}" || (words.last?.isInitial == true && (gap == ". " || gap == ".")),
                    isCapitalised: first.properties.isUppercase || hasNameParticlePrefix(word),
                    isUpper: isUpper, isInitial: isInitial,
                    isOtherScript: !latinOrCased || (first.properties.isUppercase && !isLatin(first) && !isUpper) || (!isLatin(first) && !isCased)))
        }
        return words
    }

    /// The length of a French elided article or pronoun (d', l', qu', j', n', s', c', m', t')
    /// that starts a word at `index`, when a letter follows it.
    private static func elisionLength(at index: Int, _ units: [UInt16]) -> Int? {
        let apostrophes: Set<UInt16> = [0x27, 0x2019]
        func letter(_ i: Int, _ options: String) -> Bool { i < units.count && options.utf16.contains(units[i]) }
        for length in [1, 2] where index + length + 1 < units.count && apostrophes.contains(units[index + length]) {
            let elides = length == 1 ? letter(index, "dDlLjJnNsScCmMtT") : letter(index, "qQ") && letter(index + 1, "uU")
            if elides && isLetter(at: index + length + 1, units) { return length + 1 }
        }
        return nil
    }

    private static func isLetter(at index: Int, _ units: [UInt16]) -> Bool {
        if UTF16.isLeadSurrogate(units[index]), index + 1 < units.count {
            let scalar = Unicode.Scalar(((UInt32(units[index]) - 0xD800) << 10) + (UInt32(units[index + 1]) - 0xDC00) + 0x10000)
            return scalar?.properties.isAlphabetic ?? false
        }
        guard let scalar = Unicode.Scalar(units[index]) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
    }

    private static func isLatin(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x0250 || (0x1E00...0x1EFF).contains(scalar.value) }

    /// al-Hashimi, el-Masri, ad-Din: a lower-case article joined to a capitalised name.
    static func hasNameParticlePrefix(_ word: String) -> Bool {
        guard let hyphen = word.firstIndex(of: "-") else { return false }
        let prefix = word[..<hyphen].lowercased()
        return ["al", "el", "ad", "ash", "as", "at", "az", "ar", "an", "bin", "ben", "ibn", "abu", "ould", "abd", "bint"].contains(prefix)
            && word[word.index(after: hyphen)...].first?.isUppercase == true
    }

    /// The run of capitalised words (with particles and initials between them) that starts
    /// at `start`, or nil when the word there does not start one.
    static func run(from start: Int, in words: [NameWord]) -> Range<Int>? {
        func nameLike(_ word: NameWord) -> Bool { (word.isCapitalised || word.isInitial) && !word.isOtherScript }
        guard nameLike(words[start]) else { return nil }
        var end = start + 1
        while end < words.count, words[end].isAdjacent {
            if nameLike(words[end]) {
                end += 1
            } else if particles.contains(words[end].folded), end + 1 < words.count, words[end + 1].isAdjacent, nameLike(words[end + 1]) {
                end += 2
            } else {
                break
            }
        }
        return start..<end
    }

    static func announcedByPhrase(_ before: String) -> Bool {
        announcingPhrase.firstMatch(in: before, range: NSRange(location: 0, length: (before as NSString).length)) != nil
    }

    static let titles: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "m", "mme", "mlle", "monsieur", "madame", "mademoiselle", "herr", "frau", "hr", "sir", "dame",
        "sheikh", "imam", "mullah", "haji", "hajji", "hajj", "hadj", "general", "gen", "colonel", "col", "captain", "capt", "commander", "commissioner",
        "minister", "ambassador", "judge", "juge", "richter", "richterin", "maitre", "me", "senator", "president", "prasident", "ministerin",
        "kommissar", "kommissarin", "commissaire", "inspector", "inspecteur", "sergeant", "lieutenant", "major", "officer", "agent", "director",
        "directeur", "direktor", "direktorin", "mag", "ing", "dipl",
    ]

    /// The titles a person is addressed by, before particles too (Herr van der Meulen).
    static let formsOfAddress: Set<String> = [
        "mr", "mrs", "ms", "miss", "dr", "prof", "m", "mme", "mlle", "monsieur", "madame", "mademoiselle", "herr", "frau", "hr", "sir", "dame", "maitre",
    ]

    /// Words after which a capitalised word is a person's name.
    static let announcing: Set<String> = [
        "named", "called", "alias", "aka", "nicknamed", "nomme", "nommee", "denomme", "denommee", "surnomme", "surnommee", "prenomme", "namens",
        "genannt", "smuggler", "smugglers", "facilitator", "facilitators", "passeur", "passeurs", "schleuser", "schleuserin", "suspect",
        "suspects", "accused", "defendant", "prevenu", "beschuldigte", "beschuldigten", "tatverdachtige", "tatverdachtigen", "ringleader",
        "kingpin", "chef", "driver", "chauffeur", "fahrer", "skipper", "intermediary", "intermediaire", "vermittler", "broker", "hawaladar",
        "courier", "recruiter", "victim", "victime", "opfer", "national", "citizen", "ressortissant", "ressortissante", "staatsangehorige",
        "staatsangehoriger", "organiser", "organizer", "organisateur", "organisator", "leader", "boss", "brother", "sister", "wife", "husband",
        "son", "daughter", "father", "mother", "cousin", "frere", "soeur", "epouse", "mari", "fils", "fille", "pere", "mere", "bruder",
        "schwester", "ehefrau", "ehemann", "sohn", "tochter", "vater", "mutter", "applicant", "requerant", "antragsteller", "antragstellerin",
        "mister", "messrs", "mm", "signor", "senor", "senora", "minor", "mineur", "mineure", "child", "boy", "girl", "woman", "man", "enfant",
        "garcon", "femme", "homme", "kind", "junge", "madchen", "mann", "minderjahrige", "minderjahriger", "madam", "contact", "partner",
        "associate", "complice", "komplize", "komplizin", "owner", "proprietaire", "inhaber", "inhaberin", "gerant", "geschaftsfuhrer",
        "manager", "holder", "titulaire", "employee", "cousine", "nephew", "niece", "neveu", "uncle", "oncle", "onkel",
        // Feminine and plural forms, and roles a person is named after in reports.
        "passeuse", "passeuses", "recruteur", "recruteuse", "recruteurs", "organisatrice", "fahrerin", "vermittlerin", "kurier", "kurierin",
        "anwerber", "anwerberin", "envoy", "envoye", "spokesperson", "spokesman", "spokeswoman", "sprecher", "sprecherin", "beauftragte",
        "beauftragten", "sonderbeauftragte", "sonderbeauftragten", "bevollmachtigte", "bevollmachtigten", "sonderbevollmachtigte",
        "sonderbevollmachtigten", "mayor", "maire", "burgermeister", "burgermeisterin", "governor", "gouverneur", "consul", "konsul", "landlord",
        "vermieter", "vermieterin", "bailleur", "employer", "employeur", "arbeitgeber", "arbeitgeberin",
        // A maiden name: "geb. Schmidt", "née Haddad".
        "geb", "geborene", "nee",
        // Relatives by marriage: "his sister-in-law, Nazia Parveen".
        "sister-in-law", "brother-in-law", "mother-in-law", "father-in-law", "son-in-law", "daughter-in-law", "beau-frere", "belle-soeur",
        "beau-pere", "belle-mere", "gendre", "bru", "schwager", "schwagerin", "schwiegersohn", "schwiegertochter", "schwiegervater", "schwiegermutter",
    ]
    /// Whether a capitalised word inside a run announces the name after it (German nouns).
    static func announcesWithin(_ folded: String) -> Bool { titles.contains(folded) || announcing.contains(folded) }

    /// Words that, after a comma, follow only a person's name.
    static let followingPerson: Set<String> = [
        "ressortissant", "ressortissante", "ne", "nee", "born", "aged", "age", "agee", "geboren", "geb", "alias", "aka", "dit",
        "genannt", "staatsangehoriger", "staatsangehorige", "wohnhaft", "domicilie", "domiciliee", "residing",
    ]
    static let announcingPhrase = detectorPattern(
        #"(?:known as|also known as|calls (?:him|her)self|a\.k\.a\.?|connue? sous le nom de|se faisant appeler|under the name|sous le nom de|unter dem namen|mit dem namen|identified as|identifi[ée]e? comme)\s*[«"“„‚']?\s*$"#,
        caseInsensitive: true)
    /// Whole words only, and not "so-called" (the so-called "Balkan Route" is a route) or "crédit".
    static let quotedAlias = detectorPattern(
        #"(?<![\p{L}\-])(?<!\bso )(?:alias|a\.k\.a\.?|aka|known as|nicknamed|dit|surnomm[ée]e?|genannt|called|calls (?:him|her)self|se faisant appeler|se fait appeler|nennt sich|sich als)\s*[:,]?\s*[«"“„‚‘']\s?(\p{Lu}[^"”»“‘’'\n]{1,39}?)\s?[»"”“‘’']"#,
        caseInsensitive: true)

    static let quotedName = detectorPattern(#"[«"“„‚‘]\s?(\p{Lu}\p{Ll}[\p{L}\-’']*(?:\s\p{Lu}\p{Ll}[\p{L}\-’']*)?)\s?[»"”“‘’]"#)
    static let namesAThing = detectorPattern(
        #"(?:vessel|ship|boat|dinghy|yacht|\bmv|m/v|navire|bateau|schiff|boot|operation|opération|projet|project|projekt|programme|program|code|hotel|hôtel|restaurant|café|company|société|firma|agency|agence|agentur|brand|marque|marke|app|group|groupe|gruppe|campaign|campagne|kampagne|initiative|platform|plateforme|plattform|network|réseau|netzwerk|shelter|foyer|centre|center|zentrum|association|verein|ngo|ong|label|magazine|newspaper|journal|zeitung|radio|film|song|chanson|lied|book|livre|buch|house|maison|haus|village|camp|lager|website|site)\W{0,4}(?:\w+\W{1,3}){0,2}$"#,
        caseInsensitive: true)

    /// Words that make the name after them the one a person is known by: a kunya (Abu Ali) or a
    /// familiar title (Mama Rose, Papa Ndiaye, El Hadj Oumar).
    static let kunyas: Set<String> = ["abu", "abou", "umm", "oum", "papa", "mama", "maman", "tantie", "tata", "tonton", "auntie", "baba", "hadj", "hajj", "haji"]

    /// Words after which a run is more likely a place than a person.
    static let locatives: Set<String> = [
        "in", "at", "near", "around", "outside", "inside", "a", "au", "aux", "pres", "dans", "vers", "bei", "nahe", "nach", "im", "camp", "camps",
        "lager", "via", "through", "across", "entre", "zwischen", "between", "towards",
    ]

    static let particles: Set<String> = [
        "al", "el", "ul", "bin", "ben", "ibn", "bint", "abu", "abd", "ould", "wuld", "van", "von", "der", "den", "de", "du", "da", "di", "dos", "das",
        "del", "della", "la", "le", "zu", "ter", "ten", "ag", "ait", "wad",
    ]

    /// Words that make the run around them a place, an organisation or a street.
    static let markers: Set<String> = [
        "stiftung", "foundation", "fondation", "fondazione", "fundacion", "institut", "institute", "instituut", "istituto", "university",
        "universite", "universitat", "universiteit", "universita", "college", "school", "ecole", "lycee", "gymnasium", "hospital", "hopital",
        "krankenhaus", "klinik", "klinikum", "clinic", "airport", "aeroport", "flughafen", "aeroporto", "aeropuerto", "building", "batiment",
        "gebaude", "causeway", "bridge", "pont", "brucke", "street", "road", "avenue", "rue", "strasse", "platz", "place", "square", "boulevard",
        "quai", "allee", "roundabout", "station", "gare", "bahnhof", "port", "harbour", "harbor", "hafen", "camp", "lager", "centre", "center",
        "zentrum", "prize", "prix", "preis", "programme", "program", "programm", "fund", "fonds", "stadium", "stade", "mosque", "mosquee",
        "moschee", "church", "eglise", "kirche", "cathedral", "hall", "barracks", "kaserne", "caserne", "tower", "park", "parc", "lake", "lac",
        "river", "valley", "island", "insel", "bay", "baie", "desert", "district", "province", "region", "county", "city", "town", "village",
        "quarter", "quartier", "viertel", "market", "doctrine", "plan", "law", "loi", "gesetz", "act", "regulation", "directive", "convention",
        "treaty", "agreement", "accord", "abkommen", "process", "processus", "prozess", "operation", "mission", "initiative", "company", "ltd",
        "gmbh", "sarl", "sas", "inc", "corporation", "bank", "banque", "shipping", "airlines", "airways", "agency", "agence", "association",
        "verein", "commission", "council", "committee", "court", "cour", "gericht", "tribunal", "embassy", "ambassade", "botschaft", "consulate",
        "consulat", "konsulat", "ministry", "ministere", "ministerium", "office", "bureau", "police", "polizei", "army", "armee", "brigade",
        "militia", "movement", "party", "parti", "partei", "highway", "autobahn", "motorway", "autoroute", "corridor", "crossing", "checkpoint",
        "terminal", "pier", "beach", "plage", "strand", "strait", "sea", "gulf", "golfe", "route", "line", "lines", "express", "hotel", "stiftungen",
        "award", "lecture", "chair", "chaire", "lehrstuhl", "society", "societe", "gesellschaft", "trust", "network", "netzwerk", "reseau",
        "forum", "summit", "gipfel", "sommet", "declaration", "erklarung", "report", "rapport", "bericht", "strategy", "strategie", "pact", "pacte",
        "facility", "zentrale", "gate", "tor", "dam", "canal", "kanal", "mountain", "mountains", "mount", "hills", "oasis", "oase",
    ]
    /// Words before a run that make it a place or an institution (Port Said, Place Charles de Gaulle).
    static let prefixMarkers: Set<String> = [
        "place", "avenue", "rue", "boulevard", "bd", "quai", "allee", "impasse", "chemin", "via", "viale", "piazza", "corso", "calle", "plaza",
        "fondation", "foundation", "stiftung", "operation", "saint", "sainte", "st", "ste", "san", "santa", "santo", "sankt", "sao", "mount",
        "mont", "monte", "lake", "lac", "cape", "cap", "port", "porto", "puerto", "fort", "bad", "bir", "ras", "wadi", "jebel", "djebel", "sidi",
        "king", "prince", "princess", "queen", "lycee", "college", "ecole", "camp", "aeroport", "flughafen", "universite", "university",
        "institut", "hopital", "gare", "pont", "ile", "isla", "isola", "terminal", "mosque", "rond", "project", "projet", "projekt", "prix",
        "club", "hotel", "villa", "marsa", "ain", "dar", "khor", "bandar", "kafr", "hayy", "ksar", "oued", "deir", "beit", "nahr", "jisr",
        "kfar", "cite", "residence",
    ]
    /// Capitalised words that the lexicons hold as names but that in reports are almost never one.
    static let notNames: Set<String> = [
        "regulation", "directive", "article", "annex", "member", "state", "states", "union", "european", "council", "commission", "frontex",
        "europol", "eurojust", "interpol", "easo", "euaa", "unhcr", "iom", "unodc", "ohchr", "ilo", "ilos", "empact", "eurosur", "schengen",
        "dublin", "eurodac", "sis", "vis", "etias", "ees", "ngo", "ngos", "mediterranean", "balkan", "balkans", "sahel", "sahara", "maghreb",
        "the", "this", "that", "these", "those", "an", "and", "or", "of", "on", "for", "with", "by", "from", "to", "as", "if", "when", "while",
        "les", "un", "une", "ce", "cette", "ces", "et", "ou", "sur", "pour", "par", "avec", "selon", "depuis", "die", "das", "dem", "ein", "eine",
        "einer", "eines", "und", "oder", "im", "am", "auf", "zu", "vom", "zum", "zur", "mit", "fur", "nach", "aus", "seit", "laut", "nicht", "es",
        "selbst", "auch", "also", "aussi", "meme", "even", "only", "seulement", "nur", "into", "onto", "over",
        "sous", "unter", "uber", "apres", "avant", "after", "before", "vor", "during", "pendant", "wahrend", "sie", "er", "wir", "ihr", "il", "elle", "ils", "nous", "he", "she", "they", "we", "it",
        "renault", "peugeot", "citroen", "ford",
        "mercedes", "volkswagen", "vw", "fiat", "iveco", "toyota", "opel", "skoda", "audi", "bmw", "nissan", "hyundai", "kia", "dacia", "volvo",
        "scania", "daf", "hilux", "sprinter", "transit", "master", "ducato", "vito", "crafter", "boxer", "jumper", "trafic", "vivaro",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "janvier",
        "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "januar", "februar", "marz",
        "juni", "juli", "oktober", "dezember", "guardia", "costiera", "carabinieri", "polizia", "gendarmerie", "guard", "coast",
        "tazkira", "tazkera", "levant", "horn", "africa", "asia", "europe", "east", "west", "north", "south", "central", "eastern", "western", "northern", "southern",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "ramadan", "eid", "quarter", "q1", "q2",
        "q3", "q4", "risk", "analysis", "summary", "trends", "incidents", "route", "routes", "flows", "smuggling", "trafficking", "return",
        "readmission", "protection", "pathways", "methods", "fraud", "irini", "sophia", "themis", "poseidon", "triton", "minerva", "mare",
        "nostrum", "khartoum", "rabat", "valletta", "niamey", "budapest", "prague", "bali", "lisbon", "amsterdam", "maiorum",
    ]
}
