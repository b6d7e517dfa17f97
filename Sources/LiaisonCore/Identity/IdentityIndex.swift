import Foundation

/// An in-memory index of identity records with candidate blocking, so that a query scores a
/// few hundred likely records instead of all of them.
///
/// Blocking keys are the consonant skeletons of every name part (primary names and aliases,
/// in every script once transliterated) and their single-deletion variants, so two spellings
/// within about two skeleton edits share a key. Postings are kept in one sorted array of
/// packed (key, record) pairs, which is compact and fast to build at a million records.
/// The index is an immutable value: rebuild or `adding` to change it; safe to share.
public struct IdentityIndex: Sendable {
    /// Score at and above which a candidate is flagged as a probable match (see docs/IDENTITY.md).
    public static let matchThreshold = 0.85

    public let records: [IdentityRecord]
    let prepared: [PreparedIdentity]
    let birthYears: [Int16]
    /// Full dates of birth as yyyymmdd (0 when not a full date, or a 01-01 placeholder), and
    /// nationalities packed in three bytes: sharper evidence for choosing what to score.
    let birthDays: [Int32]
    let nationalities: [UInt32]
    /// Sorted distinct key hashes, and for each the range of `postings` holding its record ids.
    let keys: [UInt64]
    let starts: [UInt32]
    let postings: [UInt32]
    let transliterator: Transliterator

    static let keyBits: UInt64 = 40
    static let idBits: UInt64 = 24

    /// Builds the index. Records without any name are kept (they can be returned by id) but
    /// never proposed. At most 16,777,215 records per index (24-bit ids in the postings).
    public init(records: [IdentityRecord]) {
        precondition(records.count < 1 << 24, "IdentityIndex holds at most 2^24 - 1 records")
        let t = Transliterator()
        self.transliterator = t
        self.records = records
        var prepared: [PreparedIdentity] = []
        prepared.reserveCapacity(records.count)
        var years: [Int16] = []
        years.reserveCapacity(records.count)
        var days: [Int32] = []
        days.reserveCapacity(records.count)
        var nations: [UInt32] = []
        nations.reserveCapacity(records.count)
        var packed: [UInt64] = []
        packed.reserveCapacity(records.count * 16)
        var keyBuffer: [UInt64] = []
        for (id, r) in records.enumerated() {
            let p = PreparedIdentity(r, transliterator: t)
            keyBuffer.removeAll(keepingCapacity: true)
            for name in p.names {
                for token in name.core { Self.blockingKeys(token.skeleton, into: &keyBuffer) }
            }
            let day = Self.fullDay(p.birth), nation = Self.packedNationality(p.nationality)
            if let key = Self.birthKey(day: day, nationality: nation) { keyBuffer.append(key) }
            keyBuffer.sort()
            var last: UInt64 = .max
            for k in keyBuffer where k != last {
                packed.append(k << Self.idBits | UInt64(id))
                last = k
            }
            years.append(Int16(p.birth?.year ?? 0))
            days.append(day)
            nations.append(nation)
            prepared.append(p)
        }
        packed.sort()
        var keys: [UInt64] = []
        var starts: [UInt32] = []
        var postings = [UInt32](repeating: 0, count: packed.count)
        let idMask = (UInt64(1) << Self.idBits) - 1
        for (i, v) in packed.enumerated() {
            let k = v >> Self.idBits
            if keys.last != k {
                keys.append(k)
                starts.append(UInt32(i))
            }
            postings[i] = UInt32(v & idMask)
        }
        starts.append(UInt32(packed.count))
        self.prepared = prepared
        self.birthYears = years
        self.birthDays = days
        self.nationalities = nations
        self.keys = keys
        self.starts = starts
        self.postings = postings
    }

    /// Skeleton and, for skeletons of three or more letters, each one-letter deletion.
    static func blockingKeys(_ skeleton: [UInt8], into out: inout [UInt64]) {
        guard !skeleton.isEmpty else { return }
        out.append(hash(skeleton, skipping: -1))
        if skeleton.count >= 3 {
            for i in skeleton.indices { out.append(hash(skeleton, skipping: i)) }
        }
    }

    /// yyyymmdd of a full date of birth; 0 for a partial date or a 01-01 placeholder, which
    /// say too little to block on.
    static func fullDay(_ birth: BirthDate?) -> Int32 {
        guard let birth, let month = birth.month, let day = birth.day, !birth.isPlaceholder else { return 0 }
        return Int32(birth.year * 10000 + month * 100 + day)
    }

    static func packedNationality(_ code: String?) -> UInt32 {
        guard let code, !code.isEmpty else { return 0 }
        return code.utf8.prefix(3).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The second blocking key: full date of birth with nationality. It finds the person
    /// when no name part shares a key (another script without a table entry, a merged
    /// name); a few dozen people share one at a million records.
    static func birthKey(day: Int32, nationality: UInt32) -> UInt64? {
        guard day != 0, nationality != 0 else { return nil }
        let bytes: [UInt8] = [0xFF] + withUnsafeBytes(of: day.bigEndian, Array.init) + withUnsafeBytes(of: nationality.bigEndian, Array.init)
        return hash(bytes, skipping: -1)
    }

    /// FNV-1a, truncated to the key width.
    static func hash(_ bytes: [UInt8], skipping: Int) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for (i, b) in bytes.enumerated() where i != skipping {
            h = (h ^ UInt64(b)) &* 0x100000001b3
        }
        return h & ((UInt64(1) << keyBits) - 1)
    }

    func postingRange(_ key: UInt64) -> Range<Int>? {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        guard lo < keys.count, keys[lo] == key else { return nil }
        return Int(starts[lo])..<Int(starts[lo + 1])
    }

    /// Ranked candidates for a query, best first, at most `limit`.
    public func candidates(for query: IdentityQuery, limit: Int = 10) -> [MatchCandidate] {
        let q = PreparedIdentity(query, transliterator: transliterator)
        guard !q.names.isEmpty, limit > 0 else { return [] }
        let pool = blockedCandidates(q)
        var scored: [(Double, UInt32)] = []
        scored.reserveCapacity(pool.count)
        for id in pool {
            scored.append((IdentityScorer.score(q, prepared[Int(id)], explain: false).score, id))
        }
        scored.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        return scored.prefix(limit).map { _, id in
            let outcome = IdentityScorer.score(q, prepared[Int(id)], explain: true)
            return MatchCandidate(
                id: records[Int(id)].id, score: (outcome.score * 10000).rounded() / 10000,
                isMatch: outcome.score >= Self.matchThreshold,
                explanation: outcome.reasons.joined(separator: "; "))
        }
    }

    /// The hit bit of the date-of-birth key; name parts use the bits below it.
    static let birthBit: UInt16 = 1 << 15

    /// How many records get fully scored per query: enough for recall, few enough for latency.
    static let scoredPerQuery = 200

    func blockedCandidates(_ q: PreparedIdentity) -> [UInt32] {
        // A posting list longer than this is a very common name part (MUHAMMAD, LI): it is
        // used to confirm candidates found through rarer parts, not to enumerate them.
        let frequent = max(5_000, records.count / 200)
        var tokens: [[UInt8]] = []
        for name in q.names {
            for t in name.core where !tokens.contains(t.skeleton) { tokens.append(t.skeleton) }
        }
        tokens = Array(tokens.prefix(15))
        var hits: [UInt32: UInt16] = [:]

        var deferred: [(bit: UInt16, range: Range<Int>)] = []
        var keyBuffer: [UInt64] = []
        for (ti, skel) in tokens.enumerated() {
            let bit = UInt16(1) << UInt16(ti)
            keyBuffer.removeAll(keepingCapacity: true)
            Self.blockingKeys(skel, into: &keyBuffer)
            for (ki, key) in keyBuffer.enumerated() {
                guard let range = postingRange(key) else { continue }
                if range.count > frequent {
                    if ki == 0 { deferred.append((bit, range)) }
                    continue
                }
                for p in range { hits[postings[p], default: 0] |= bit }
            }
        }
        if hits.isEmpty, let rarest = deferred.min(by: { $0.range.count < $1.range.count }) {
            // Only common name parts: enumerate the rarest list, keeping those that share the
            // birth year (or all when the query has none), bounded.
            let year = Int16(q.birth?.year ?? 0)
            for p in rarest.range {
                let id = postings[p]
                if year == 0 || abs(birthYears[Int(id)] - year) <= 1 || birthYears[Int(id)] == 0 {
                    hits[id, default: 0] |= rarest.bit
                    if hits.count >= 20_000 { break }
                }
            }
        }
        let queryDay = Self.fullDay(q.birth), queryNation = Self.packedNationality(q.nationality)
        if let key = Self.birthKey(day: queryDay, nationality: queryNation), let range = postingRange(key), range.count <= frequent {
            for p in range { hits[postings[p], default: 0] |= Self.birthBit }
        }
        for d in deferred {
            for (id, bits) in hits where bits & d.bit == 0 {
                if contains(postings[d.range], id) { hits[id] = bits | d.bit }
            }
        }
        let year = Int16(q.birth?.year ?? 0)
        var ranked: [(Int, UInt32)] = []
        ranked.reserveCapacity(hits.count)
        for (id, bits) in hits {
            var pre = bits.nonzeroBitCount * 4
            if year != 0 {
                let y = birthYears[Int(id)]
                if y == year { pre += 3 } else if abs(y - year) == 1 { pre += 1 }
            }
            if queryDay != 0, birthDays[Int(id)] == queryDay { pre += 4 }
            if queryNation != 0, nationalities[Int(id)] == queryNation { pre += 1 }
            ranked.append((pre, id))
        }
        if ranked.count > Self.scoredPerQuery {
            ranked.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            ranked.removeLast(ranked.count - Self.scoredPerQuery)
        }
        return ranked.map(\.1)
    }

    private func contains(_ sorted: ArraySlice<UInt32>, _ id: UInt32) -> Bool {
        var lo = sorted.startIndex, hi = sorted.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.endIndex && sorted[lo] == id
    }
}
