import Foundation

/// Prints a report's page to PDF with headless chromium, from Debian's `chromium` package.
/// Chromium lays out every script the pages show (Arabic, Cyrillic, Ethiopic…) with the
/// system's fonts, runs the same CSS as the browser (markings and page numbers in `@page`
/// margin boxes) and draws the SVG charts, which no PDF library in reach does; see
/// docs/ARCHITECTURE.md. The page is printed from a private directory, offline, and the files
/// are removed afterwards. At most two prints run at once; a third is told to retry.
actor PDFPrinter {
    let executable: String?
    let timeout: Duration
    private var running = 0
    static let concurrentPrints = 2

    init(executable: String?, timeout: Duration = .seconds(60)) {
        self.executable = executable
        self.timeout = timeout
    }

    /// `LIAISON_CHROMIUM`, or the first chromium on the `PATH`.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let chosen = environment["LIAISON_CHROMIUM"], !chosen.isEmpty { return chosen }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }

    static let unavailable = AppError(
        .serviceUnavailable, code: "report.pdfUnavailable", title: "PDF not available",
        detail: "This node prints PDF with chromium, which is not installed (apt-get install chromium, or set LIAISON_CHROMIUM). The printable page works without it.")
    static let busy = AppError(
        .serviceUnavailable, code: "report.pdfBusy", title: "Printer busy", detail: "Two reports are being printed; try again in a few seconds.")
    static let failed = AppError(
        .internalServerError, code: "report.pdfFailed", title: "PDF not printed", detail: "The report could not be printed to PDF; the printable page still works.")

    /// The PDF of a self-contained HTML page (its styles inline, nothing fetched).
    func pdf(html: String) async throws -> Data {
        guard let executable else { throw Self.unavailable }
        guard running < Self.concurrentPrints else { throw Self.busy }
        running += 1
        defer { running -= 1 }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html"), output = directory.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)
        var arguments = [
            "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--no-pdf-header-footer", "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--print-to-pdf=\(output.path)",
        ]
        // Chromium's sandbox refuses to start as root (containers); the page is our own, offline.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments.append(page.absoluteString)
        guard try await Self.run(executable, arguments, timeout: timeout), let pdf = FileManager.default.contents(atPath: output.path), pdf.starts(with: Data("%PDF".utf8))
        else { throw Self.failed }
        return pdf
    }

    /// Runs the printer, its output discarded; false when it failed or outlived `timeout`.
    private static func run(_ executable: String, _ arguments: [String], timeout: Duration) async throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationReason == .exit && finished.terminationStatus == 0)
            }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                if process.isRunning { process.terminate() }
            }
        }
    }
}
