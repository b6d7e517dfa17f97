import Foundation

/// A QR Code symbol (ISO/IEC 18004) holding UTF-8 text in byte mode.
///
/// Written in-house because the enrolment page must render the `otpauth://`
/// URI as a self-contained SVG: no external assets, no script, and no QR
/// package is available to the project. Only byte mode is implemented, as
/// otpauth URIs mix cases and punctuation that the denser modes cannot carry.
public struct QRCode: Sendable {
    public enum ErrorCorrection: Sendable, CaseIterable {
        case low, medium, quartile, high

        /// Row in the block tables below, which follow the L, M, Q, H order.
        var tableRow: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }

        /// The two format-information bits; the standard does not order them L, M, Q, H.
        var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }
    }

    public enum EncodingError: Error, Equatable, CustomStringConvertible {
        /// The UTF-8 text needs more bytes than the largest allowed version can hold.
        case dataTooLong(byteCount: Int, maximumByteCount: Int)

        public var description: String {
            switch self {
            case let .dataTooLong(byteCount, maximum):
                "Text is too long for a QR code: \(byteCount) UTF-8 bytes, at most \(maximum) fit at this error-correction level."
            }
        }
    }

    /// Modules per side, without the quiet zone.
    public let size: Int
    let version: Int
    let mask: Int
    private let modules: [Bool]

    /// Encodes `text` in the smallest version (1–40) that holds it, with the
    /// mask pattern that scores the lowest standard penalty.
    public init(encoding text: String, errorCorrection: ErrorCorrection = .medium) throws {
        try self.init(bytes: Array(text.utf8), errorCorrection: errorCorrection, version: nil, mask: nil)
    }

    /// Pinning version and mask exists so tests can compare module-for-module
    /// with a reference encoder, which may break penalty ties differently.
    init(bytes: [UInt8], errorCorrection ecl: ErrorCorrection, version pinnedVersion: Int?, mask pinnedMask: Int?) throws {
        precondition(pinnedVersion.map { (1...40).contains($0) } ?? true, "QR versions run from 1 to 40")
        precondition(pinnedMask.map { (0...7).contains($0) } ?? true, "QR masks run from 0 to 7")
        let candidates = pinnedVersion.map { $0...$0 } ?? 1...40
        guard let version = candidates.first(where: { Self.bitsNeeded(bytes.count, $0) <= Self.dataCodewords($0, ecl) * 8 }) else {
            let v = candidates.upperBound
            throw EncodingError.dataTooLong(
                byteCount: bytes.count, maximumByteCount: (Self.dataCodewords(v, ecl) * 8 - 4 - Self.countBits(v)) / 8)
        }

        var grid = Grid(version: version)
        grid.place(Self.interleaved(Self.paddedCodewords(bytes, version, ecl), version, ecl))
        var best: (penalty: Int, mask: Int, grid: Grid)?
        for mask in pinnedMask.map({ [$0] }) ?? Array(0..<8) {
            var candidate = grid
            candidate.applyMask(mask)
            // Scored before format and version bits are drawn, as ISO/IEC 18004:2015 §7.8 orders it.
            let penalty = pinnedMask == nil ? candidate.penalty() : 0
            if best.map({ penalty < $0.penalty }) ?? true { best = (penalty, mask, candidate) }
        }
        guard var chosen = best else { preconditionFailure("at least one mask is always evaluated") }
        chosen.grid.drawFormatAndVersion(ecl: ecl, mask: chosen.mask, version: version)

        self.size = grid.size
        self.version = version
        self.mask = chosen.mask
        self.modules = chosen.grid.dark
    }

    /// Coordinates outside the symbol read as light, which is what a quiet zone is.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// A standalone SVG document. Colours are `fill` attributes rather than
    /// style, because the site's Content-Security-Policy forbids inline styles;
    /// the white background keeps the code scannable on dark themes.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4, title: String) -> String {
        precondition(moduleSize > 0 && quietZone >= 0, "module size must be positive and quiet zone non-negative")
        let extent = size + 2 * quietZone
        var path = ""
        // One subpath per horizontal run keeps the markup small for ~50×50 symbols.
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while isDark(x: x, y: y) { x += 1 }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        let pixels = extent * moduleSize
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(pixels)\" height=\"\(pixels)\" "
            + "viewBox=\"0 0 \(extent) \(extent)\" shape-rendering=\"crispEdges\"><title>\(Self.xmlEscaped(title))</title>"
            + "<path fill=\"#fff\" d=\"M0 0h\(extent)v\(extent)h-\(extent)z\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // XML 1.0 cannot carry other C0 controls even as references; dropping them beats invalid markup.
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: - Capacity

    static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func bitsNeeded(_ byteCount: Int, _ version: Int) -> Int {
        // A count that overflows its field cannot be encoded, whatever the capacity.
        byteCount < 1 << countBits(version) ? 4 + countBits(version) + 8 * byteCount : .max
    }

    /// Modules left for codewords once every function pattern is drawn.
    static func rawDataModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(_ version: Int, _ ecl: ErrorCorrection) -> Int {
        rawDataModules(version) / 8 - eccPerBlock[ecl.tableRow][version] * blockCount[ecl.tableRow][version]
    }

    // ISO/IEC 18004 table 9, indexed by version (index 0 unused), rows L, M, Q, H.
    static let eccPerBlock: [[Int]] = [
        [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]
    static let blockCount: [[Int]] = [
        [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    // MARK: - Codewords

    /// Mode indicator, count, bytes, terminator, then the alternating pad codewords.
    static func paddedCodewords(_ bytes: [UInt8], _ version: Int, _ ecl: ErrorCorrection) -> [UInt8] {
        let capacity = dataCodewords(version, ecl)
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append(value >> i & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, countBits(version))
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity * 8 - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        for pad in 0..<(capacity - codewords.count) { codewords.append(pad % 2 == 0 ? 0xEC : 0x11) }
        return codewords
    }

    /// Splits data into blocks, appends Reed–Solomon codewords to each and
    /// interleaves them, so that a smudge damages several blocks a little
    /// rather than one block beyond repair.
    static func interleaved(_ data: [UInt8], _ version: Int, _ ecl: ErrorCorrection) -> [UInt8] {
        let blocks = blockCount[ecl.tableRow][version], eccLength = eccPerBlock[ecl.tableRow][version]
        let rawCodewords = rawDataModules(version) / 8
        let shortBlocks = blocks - rawCodewords % blocks, shortLength = rawCodewords / blocks
        let divisor = reedSolomonDivisor(degree: eccLength)
        var blockData: [[UInt8]] = [], blockECC: [[UInt8]] = [], offset = 0
        for i in 0..<blocks {
            let length = shortLength - eccLength + (i < shortBlocks ? 0 : 1)
            let chunk = Array(data[offset..<offset + length])
            offset += length
            blockData.append(chunk)
            blockECC.append(reedSolomonRemainder(chunk, divisor))
        }
        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for i in 0..<(shortLength - eccLength + 1) {
            for block in blockData where i < block.count { result.append(block[i]) }
        }
        for i in 0..<eccLength {
            for ecc in blockECC { result.append(ecc[i]) }
        }
        return result
    }

    /// Multiplication in GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1, the field QR codes use.
    static func gfMultiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= (Int(y) >> i & 1) * Int(x)
        }
        return UInt8(z)
    }

    /// Coefficients of ∏(x − αⁱ) for i < degree, highest power first with the leading 1 dropped.
    static func reedSolomonDivisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = gfMultiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = gfMultiply(root, 2)
        }
        return result
    }

    static func reedSolomonRemainder(_ data: [UInt8], _ divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= gfMultiply(divisor[i], factor) }
        }
        return result
    }

    /// Centre coordinates of alignment patterns along one axis (ISO/IEC 18004 annex E).
    static func alignmentCentres(_ version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        // Version 32 is the one place the standard departs from the even-spacing rule.
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        return [6] + (0..<count - 1).map { version * 4 + 10 - $0 * step }.reversed()
    }
}

// MARK: - Module grid

/// The symbol while it is being built; `reserved` marks function modules,
/// which neither receive data nor get masked.
private struct Grid {
    let size: Int
    var dark: [Bool]
    var reserved: [Bool]

    init(version: Int) {
        size = version * 4 + 17
        dark = Array(repeating: false, count: size * size)
        reserved = dark
        for i in 0..<size {
            setFunction(6, i, i % 2 == 0)
            setFunction(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            // Radius 4 also draws the light separator around each finder.
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(cx + dx) && (0..<size).contains(cy + dy) {
                    let ring = max(abs(dx), abs(dy))
                    setFunction(cx + dx, cy + dy, ring != 2 && ring != 4)
                }
            }
        }
        let centres = QRCode.alignmentCentres(version)
        let last = centres.last ?? 0
        for cy in centres {
            // The three corners already hold finder patterns.
            for cx in centres where !(cx == 6 && (cy == 6 || cy == last) || cx == last && cy == 6) {
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        // Format and version areas stay light until the mask is chosen.
        for i in 0..<9 where i != 6 {
            setFunction(8, i, false)
            setFunction(i, 8, false)
        }
        for i in 0..<8 {
            setFunction(size - 1 - i, 8, false)
            setFunction(8, size - 1 - i, false)
        }
        if version >= 7 {
            for i in 0..<18 {
                setFunction(size - 11 + i % 3, i / 3, false)
                setFunction(i / 3, size - 11 + i % 3, false)
            }
        }
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y * size + x] = isDark
        reserved[y * size + x] = true
    }

    /// Fills two-module-wide columns right to left in a zigzag, skipping the
    /// vertical timing column; leftover remainder bits stay light.
    mutating func place(_ codewords: [UInt8]) {
        var bit = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !reserved[y * size + x] && bit < codewords.count * 8 {
                    dark[y * size + x] = codewords[bit >> 3] >> (7 - bit & 7) & 1 == 1
                    bit += 1
                }
            }
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !reserved[y * size + x] {
                let flip =
                    switch mask {
                    case 0: (x + y) % 2 == 0
                    case 1: y % 2 == 0
                    case 2: x % 3 == 0
                    case 3: (x + y) % 3 == 0
                    case 4: (x / 3 + y / 2) % 2 == 0
                    case 5: x * y % 2 + x * y % 3 == 0
                    case 6: (x * y % 2 + x * y % 3) % 2 == 0
                    default: ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                if flip { dark[y * size + x].toggle() }
            }
        }
    }

    mutating func drawFormatAndVersion(ecl: QRCode.ErrorCorrection, mask: Int, version: Int) {
        let data = ecl.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let format = (data << 10 | remainder) ^ 0x5412
        func bit(_ value: Int, _ i: Int) -> Bool { value >> i & 1 == 1 }
        // Two copies, so that either one surviving damage is enough.
        for i in 0..<6 { setFunction(8, i, bit(format, i)) }
        setFunction(8, 7, bit(format, 6))
        setFunction(8, 8, bit(format, 7))
        setFunction(7, 8, bit(format, 8))
        for i in 9..<15 { setFunction(14 - i, 8, bit(format, i)) }
        for i in 0..<8 { setFunction(size - 1 - i, 8, bit(format, i)) }
        for i in 8..<15 { setFunction(8, size - 15 + i, bit(format, i)) }
        setFunction(8, size - 8, true)

        guard version >= 7 else { return }
        var rem = version
        for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
        let bits = version << 12 | rem
        for i in 0..<18 {
            setFunction(size - 11 + i % 3, i / 3, bit(bits, i))
            setFunction(i / 3, size - 11 + i % 3, bit(bits, i))
        }
    }

    /// The four penalty rules of ISO/IEC 18004 §7.8.3; lower is easier to scan.
    func penalty() -> Int {
        var score = 0, darkCount = 0
        for i in 0..<size {
            let row = (0..<size).map { dark[i * size + $0] }
            let column = (0..<size).map { dark[$0 * size + i] }
            score += Self.runPenalty(row) + Self.runPenalty(column)
            score += Self.finderLikePenalty(row) + Self.finderLikePenalty(column)
            darkCount += row.lazy.filter { $0 }.count
        }
        for y in 1..<size {
            for x in 1..<size {
                let c = dark[y * size + x]
                if c == dark[y * size + x - 1] && c == dark[(y - 1) * size + x] && c == dark[(y - 1) * size + x - 1] {
                    score += 3
                }
            }
        }
        let total = size * size
        return score + abs(darkCount * 20 - total * 10) / total * 10
    }

    private static func runPenalty(_ line: [Bool]) -> Int {
        var score = 0, run = 0
        for (i, module) in line.enumerated() {
            run = i > 0 && module == line[i - 1] ? run + 1 : 1
            let runEnds = i == line.count - 1 || line[i + 1] != module
            if runEnds && run >= 5 { score += run - 2 }
        }
        return score
    }

    /// Dark-light-dark×3-light-dark with four light modules on either side,
    /// the border counting as light, as a scanner might mistake it for a finder.
    private static func finderLikePenalty(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        var score = 0, i = 0
        while i + 7 <= line.count {
            guard line[i..<i + 7].elementsEqual(pattern) else {
                i += 1
                continue
            }
            let before = line[max(i - 4, 0)..<i], after = line[(i + 7)..<min(i + 11, line.count)]
            if !before.contains(true) || !after.contains(true) {
                score += 40
                i += 7
            } else {
                i += 4
            }
        }
        return score
    }
}
