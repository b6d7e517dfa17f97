import Foundation
import Testing

@testable import LiaisonServer

// Reference matrices come from python-qrcode 8.2 (QRData with MODE_8BIT_BYTE, same
// level, version and mask), regenerated with a script like:
//
//     q = qrcode.QRCode(version=V, error_correction=ERROR_CORRECT_M, mask_pattern=MASK, border=0)
//     q.add_data(qrcode.util.QRData(text.encode(), mode=qrcode.util.MODE_8BIT_BYTE)); q.make(fit=False)
//     rows = [hex of each row of q.get_matrix(), bits MSB first, zero-padded to a nibble]
//
// segno 1.6.6 agrees module for module once its padding is corrected: it appends
// eight extra zero bits whenever the data stream is already byte-aligned after the
// terminator, which byte mode always is, so its raw output cannot be compared.
// During development the encoder was also compared with both libraries over all
// 40 versions at all four levels, including the automatically chosen version and
// mask (segno's penalty scoring, like ours, runs before format bits are drawn).
//
// Scanning was checked once by hand: the SVG for the otpauth URI below was
// rendered with `rsvg-convert -o qr.png qr.svg` (librsvg2-bin) and decoded with
// `zbarimg --raw qr.png` (zbar 0.23.92, Debian zbar-tools), which printed the URI
// back byte for byte. The same held for a 212-byte otpauth URI (version 10) and
// for "Zürich ✓ <Liaison>", so multi-byte UTF-8 survives the round trip too.

struct QRReference: Sendable, CustomTestStringConvertible {
    let text: String
    let level: QRCode.ErrorCorrection
    let version: Int
    let mask: Int
    let rows: String

    var testDescription: String { "\(text.prefix(24)) @\(level)" }
}

/// Rows as hex, most significant bit leftmost, padded to whole nibbles like the references.
private func hexRows(_ code: QRCode) -> [String] {
    (0..<code.size).map { y in
        let bits = (0..<code.size).map { code.isDark(x: $0, y: y) } + Array(repeating: false, count: -code.size & 3)
        return stride(from: 0, to: bits.count, by: 4).map { i in
            String(bits[i..<i + 4].reduce(0) { $0 << 1 | ($1 ? 1 : 0) }, radix: 16)
        }.joined()
    }
}

private let otpauthURI =
    "otpauth://totp/Liaison:alice.martin%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Liaison&algorithm=SHA1&digits=6&period=30"

@Test(arguments: [
    QRReference(
        text: "HELLO WORLD", level: .medium, version: 1, mask: 4,
        rows: """
            fecbf8 821208 ba52e8 ba92e8 baeae8 829208 feabf8 009800 8bf7c8 10b878 3f3690 f8c400 faab30
            00af58 feead0 825d98 bad630 ba48d8 ba71c0 821400 feffa8
            """),
    QRReference(
        text: otpauthURI, level: .medium, version: 8, mask: 6,
        rows: """
            fede736eb8bf8 8288bea42ba08 ba817f9515ae8 ba075cf9bd2e8 bab9afef8c2e8 8221d63196208
            feaaaaaaaabf8 007e9a2297800 9fe0dbec5e4b8 1cf1bfae77e70 e6d28b92f85a8 29c46f40b8268
            2a101cae886a8 454ba6be52790 03ccbd5890118 d13a154b76470 1b82c5888afc0 3877b60675a68
            d2193f40885e8 95b9ad0823e58 a3f635e93d610 209d7bd666f98 cf8d67f4e8fc8 a8cdea3a758e0
            caec06a8a8ad8 a8e07e275f8a0 5f8787ef9bfb8 241c9ca0233a8 c206fbc3bba38 349b603bfd610
            62a929359bae8 e0767b53069c0 bff68e7a4b860 386119bb62bb0 33e77cf76d6d8 f8f1cdd7b7168
            1e60dfaab9a40 34f9cbd6cbe98 469230904aa38 708eee88e5960 e21e47e3cdff8 008c0237248a0
            fe89f6b818a98 82dce22a548c8 ba94b3ee3cff8 ba99762fee128 ba0b84ec6e790 827d388887b38
            fed19224bb388
            """),
    QRReference(
        text: "Zürich ✓ <Liaison>", level: .high, version: 3, mask: 3,
        rows: """
            fe5e83f8 82110208 ba5032e8 ba7c6ae8 baf20ae8 8236e208 feaaabf8 00c10000 339ea680 79e5aff0
            1e6c38b8 c0d74c00 c6331838 6dfb2a20 e68e0538 58ae7230 87446cd8 4993f178 a6d127c0 216f51f0
            72244ff8 009d08e8 feb7baa0 82614888 ba147ff0 baf249b0 ba97b108 8200ba50 fe45ab10
            """),
])
func matchesReferenceEncoder(_ reference: QRReference) throws {
    let code = try QRCode(encoding: reference.text, errorCorrection: reference.level)
    #expect(code.version == reference.version)
    #expect(code.mask == reference.mask)
    #expect(code.size == reference.version * 4 + 17)
    #expect(hexRows(code) == reference.rows.split(whereSeparator: \.isWhitespace).map(String.init))
}

@Test func functionPatternsDoNotDependOnMask() throws {
    // Finder, timing and dark module must not depend on the mask.
    for mask in 0..<8 {
        let code = try QRCode(bytes: Array("HELLO WORLD".utf8), errorCorrection: .medium, version: 1, mask: mask)
        #expect(code.mask == mask)
        #expect((0..<7).allSatisfy { code.isDark(x: $0, y: 0) && code.isDark(x: 20 - $0, y: 0) && code.isDark(x: 0, y: 20 - $0) })
        #expect((8...12).allSatisfy { code.isDark(x: $0, y: 6) == ($0 % 2 == 0) })
        #expect(code.isDark(x: 8, y: 13))
    }
}

@Test func typicalEnrolmentURIsFitSmallVersions() throws {
    let uri = "otpauth://totp/" + String(repeating: "x", count: 185)
    #expect(uri.utf8.count == 200)
    let code = try QRCode(encoding: uri)
    #expect(code.version <= 15)
}

@Test func emptyTextStillEncodes() throws {
    #expect(try QRCode(encoding: "", errorCorrection: .high).size == 21)
}

@Test func capacityLimitIsExactAndReported() throws {
    let limits: [(QRCode.ErrorCorrection, Int)] = [(.low, 2953), (.medium, 2331), (.quartile, 1663), (.high, 1273)]
    // Building one full version-40 symbol is enough; the others would only slow the suite.
    #expect(try QRCode(encoding: String(repeating: "a", count: 2331)).size == 177)
    for (level, limit) in limits {
        #expect(throws: QRCode.EncodingError.dataTooLong(byteCount: limit + 1, maximumByteCount: limit)) {
            try QRCode(encoding: String(repeating: "a", count: limit + 1), errorCorrection: level)
        }
    }
    #expect(QRCode.EncodingError.dataTooLong(byteCount: 3000, maximumByteCount: 2331).description.contains("3000"))
}

@Test func outsideTheSymbolReadsAsQuietZone() throws {
    let code = try QRCode(encoding: "HELLO WORLD")
    #expect(code.isDark(x: 0, y: 0))
    #expect(!code.isDark(x: -1, y: 0) && !code.isDark(x: 0, y: code.size) && !code.isDark(x: code.size, y: 3))
}

@Test func svgIsSelfContainedAccessibleAndFaithful() throws {
    let code = try QRCode(encoding: otpauthURI)
    let svg = code.svg(moduleSize: 3, quietZone: 4, title: "Scan <this> & \"enrol\"\u{7}")
    let extent = code.size + 8
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(extent * 3)\""))
    #expect(svg.hasSuffix("</svg>"))
    #expect(svg.contains("<title>Scan &lt;this&gt; &amp; &quot;enrol&quot;</title>"))
    #expect(!svg.contains("style") && !svg.contains("<script") && !svg.contains("href"))
    #expect(svg.contains("viewBox=\"0 0 \(extent) \(extent)\""))

    // Redraw the dark path's runs and compare with the matrix, quiet zone included.
    let paths = svg.split(separator: "<path ").dropFirst().map(String.init)
    #expect(paths.count == 2 && paths[0].hasPrefix("fill=\"#fff\"") && paths[1].hasPrefix("fill=\"#000\""))
    let d = try #require(paths.last?.split(separator: "\"").dropFirst(3).first)
    var drawn = Set<[Int]>()
    for run in d.split(separator: "M") {
        let numbers = run.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        try #require(numbers.count == 5)  // x, y, run length, 1, run length
        for x in numbers[0]..<numbers[0] + numbers[2] { drawn.insert([x, numbers[1]]) }
    }
    let expected = Set((0..<extent).flatMap { y in (0..<extent).map { [$0, y] } }.filter { code.isDark(x: $0[0] - 4, y: $0[1] - 4) })
    #expect(drawn == expected)
}
