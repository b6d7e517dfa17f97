import Foundation

/// Finds a key that appears twice in one JSON object. JSON parsers differ on such input
/// (this platform's keeps the first, others the last), so another implementation reading the
/// same signed bytes could see another message: Liaison refuses them wherever JSON comes in.
public enum JSONKeys {
    /// The path of the first key that repeats within its object (`subject.familyNames`),
    /// keys compared after unescaping (`"a"` and `"\u0061"` are one key); nil when there is
    /// none or the input is not JSON (the decoder then says what is wrong).
    public static func firstDuplicate(in data: Data) -> String? {
        var scanner = Scanner(bytes: Array(data))
        return scanner.run()
    }

    private struct Frame {
        let isObject: Bool
        var keys: Set<String> = []
        var expectsKey: Bool
        var lastKey: String?
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var stack: [Frame] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() -> String? {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "{"):
                    stack.append(Frame(isObject: true, expectsKey: true))
                    index += 1
                case UInt8(ascii: "["):
                    stack.append(Frame(isObject: false, expectsKey: false))
                    index += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    _ = stack.popLast()
                    index += 1
                case UInt8(ascii: ","):
                    if let top = stack.indices.last, stack[top].isObject { stack[top].expectsKey = true }
                    index += 1
                case UInt8(ascii: "\""):
                    guard let text = string() else { return nil }
                    if let top = stack.indices.last, stack[top].isObject, stack[top].expectsKey {
                        stack[top].expectsKey = false
                        stack[top].lastKey = text
                        if !stack[top].keys.insert(text).inserted { return path(ending: text) }
                    }
                default:
                    index += 1
                }
            }
            return nil
        }

        /// The keys of the enclosing objects down to `key`.
        func path(ending key: String) -> String {
            (stack.dropLast().compactMap(\.lastKey) + [key]).joined(separator: ".")
        }

        /// A string from its opening quote, unescaped; nil when it does not end.
        mutating func string() -> String? {
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars) }
                raw.removeAll()
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    flush()
                    switch escape {
                    case UInt8(ascii: "u"):
                        guard var unit = hex4() else { return nil }
                        // A surrogate pair written as two escapes is one character. A high half
                        // followed by anything but a low half is not a pair (two high halves once
                        // overflowed here and stopped the node; found by fuzzing): the next escape
                        // is then read on its own, and each lone half becomes U+FFFD.
                        if (0xD800..<0xDC00).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        {
                            let next = index
                            index += 2
                            guard let low = hex4() else { return nil }
                            if (0xDC00..<0xE000).contains(low) {
                                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = next
                            }
                        }
                        scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    default: scalars.append(Unicode.Scalar(escape))
                    }
                default:
                    raw.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else { return nil }
            index += 4
            return value
        }
    }
}
