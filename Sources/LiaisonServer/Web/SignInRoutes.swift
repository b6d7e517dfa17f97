import Foundation
import HTTPTypes
import Hummingbird
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// Sign-in and enrolment: the only pages served without a session. Their forms are
/// protected by a double-submit token held in a short-lived cookie.
struct SignInRoutes {
    let services: LiaisonServices

    static let presignCookie = "liaison_presign"

    struct SignInForm: Decodable {
        var username: String?
        var password: String?
        var code: String?
        var next: String?
    }

    struct EnrolForm: Decodable {
        var password: String?
        var confirmation: String?
        var code: String?
        var approvalCode: String?
    }

    func register(on router: Router<LiaisonRequestContext>) {
        router.get("/") { _, context in
            Response.redirect(context.principal == nil ? "/signin" : "/dashboard")
        }
        router.get("/signin") { request, context in
            if context.principal != nil { return Response.redirect("/dashboard") }
            let notice = context.expiredCredential ? services.renderer.strings(context)("signin.sessionEnded") : nil
            return signInPage(context, next: request.uri.queryParameters["next"].map(String.init) ?? "", notice: notice)
        }
        router.post("/signin") { request, context in
            let (form, text) = try await decode(SignInForm.self, request)
            guard checkPresign(request, body: text) else {
                try await auditDoubleSubmitRefusal(typed: form.username ?? "", context)
                return signInPage(context, next: form.next ?? "", failure: AppError.csrf, status: .forbidden)
            }
            do {
                let signedIn = try await services.auth.signIn(
                    username: form.username ?? "", password: form.password ?? "", code: form.code ?? "",
                    clientAddress: clientAddress(context), requestID: context.requestID)
                return Response.redirect(Self.safeNext(form.next), headers: sessionCookieHeaders(signedIn.sessionToken))
            } catch let presentable as any Presentable {
                let error = presentable.presented
                return signInPage(context, next: form.next ?? "", failure: error, username: form.username ?? "", status: error.status)
            }
        }
        router.get("/enrol/{token}") { _, context in
            let token = try context.parameters.require("token")
            guard let user = try await services.auth.pendingEnrolment(token: token) else { return try await linkInvalidPage(context, token: token) }
            return try enrolPage(context, user: user, token: token)
        }
        router.post("/enrol/{token}") { request, context in
            let token = try context.parameters.require("token")
            guard let user = try await services.auth.pendingEnrolment(token: token) else { return try await linkInvalidPage(context, token: token) }
            let (form, text) = try await decode(EnrolForm.self, request)
            guard checkPresign(request, body: text) else {
                try await auditDoubleSubmitRefusal(typed: user.username, context)
                return try enrolPage(context, user: user, token: token, failure: AppError.csrf, status: .forbidden)
            }
            do {
                let enrolled = try await services.auth.completeEnrolment(
                    token: token, password: form.password ?? "", confirmation: form.confirmation ?? "",
                    code: form.code ?? "", approvalCode: form.approvalCode, requestID: context.requestID)
                var response = services.renderer.page(
                    "recovery-codes", title: services.renderer.strings(context)("codes.title"), request: context, principal: nil,
                    currentPath: "/dashboard", data: ["codes": enrolled.recoveryCodes])
                for field in sessionCookieHeaders(enrolled.session.sessionToken) { response.headers.append(field) }
                return response
            } catch let presentable as any Presentable {
                let error = presentable.presented
                return try enrolPage(context, user: user, token: token, failure: error, status: error.status)
            }
        }
    }

    /// Only same-site relative paths: an open redirect would help phishing.
    static func safeNext(_ next: String?) -> String {
        guard let next, isSameSitePath(next), !next.hasPrefix("/signin") else {
            return "/dashboard"
        }
        return next
    }

    /// A path on this node. Browsers drop tabs and line breaks inside a URL, so `/\t/evil`
    /// would become `//evil`, another site: such characters are refused with the rest.
    static func isSameSitePath(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\")
            && !path.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == " " }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> (T, String) {
        var request = request
        let text = String(buffer: try await request.collectBody(upTo: LiaisonServices.maximumFormBytes))
        return (try URLEncodedFormDecoder().decode(T.self, from: text), text)
    }

    /// The refusal names the user only when what was typed is a user name at all.
    private func auditDoubleSubmitRefusal(typed username: String, _ context: LiaisonRequestContext) async throws {
        let actor = Username.validate(username) == nil ? username : "anonymous"
        try await services.auditCSRFRefusal(actor: actor, detail: "double-submit", requestID: context.requestID)
    }

    private func checkPresign(_ request: Request, body: String) -> Bool {
        guard let cookie = request.cookies[Self.presignCookie]?.value, let field = LiaisonServices.field("_csrf", in: body) else {
            return false
        }
        return Secrets.constantTimeEquals(cookie, field)
    }

    private func clientAddress(_ context: LiaisonRequestContext) -> String {
        context.clientAddress
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int?, path: String = "/") -> String {
        var parts = ["\(name)=\(value)", "Path=\(path)", "HttpOnly", "SameSite=Strict"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if services.configuration.servedOverTLS { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    func sessionCookieHeaders(_ token: String) -> HTTPFields {
        var fields = HTTPFields()
        fields.append(.init(name: .setCookie, value: cookie(AuthenticationMiddleware.sessionCookie, token, maxAge: nil)))
        fields.append(.init(name: .setCookie, value: cookie(Self.presignCookie, "", maxAge: 0)))
        return fields
    }

    private func withPresign(_ data: [String: Any]) -> ([String: Any], HTTPFields) {
        let token = Secrets.randomToken()
        var data = data
        data["presign"] = token
        return (data, [.setCookie: cookie(Self.presignCookie, token, maxAge: 3600)])
    }

    func signInPage(
        _ context: LiaisonRequestContext, next: String, notice: String? = nil, failure: AppError? = nil, username: String = "",
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let strings = services.renderer.strings(context)
        var base: [String: Any] = ["next": next, "username": username]
        if let notice { base["notice"] = notice }
        if let failure { base["failure"] = strings.detail(of: failure) }
        let (data, headers) = withPresign(base)
        return services.renderer.page(
            "signin", title: strings("signin.title"), request: context, principal: nil, currentPath: "/signin", data: data,
            status: status, headers: headers)
    }

    private func enrolPage(
        _ context: LiaisonRequestContext, user: UserModel, token: String, failure: AppError? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let strings = services.renderer.strings(context)
        guard let secret = user.totpSecret, let totp = TOTP(base32: secret) else { throw AppError.notFound }
        let uri = totp.provisioningURI(account: user.username, issuer: services.renderer.nodeTitle)
        let qr = try QRCode(encoding: uri, errorCorrection: .medium).svg(moduleSize: 5, quietZone: 4, title: strings("enrol.qrTitle"))
        let grouped = stride(from: 0, to: secret.count, by: 4).map { offset -> String in
            let start = secret.index(secret.startIndex, offsetBy: offset)
            return String(secret[start..<secret.index(start, offsetBy: min(4, secret.count - offset))])
        }.joined(separator: " ")
        var base: [String: Any] = [
            "displayName": user.displayName, "username": user.username, "token": token, "qrSVG": qr,
            "secretGrouped": grouped, "errors": failure.map(strings.fields) ?? [:], "needsApprovalCode": user.enrolmentCodeHash != nil,
        ]
        if let failure { base["failure"] = strings.detail(of: failure) }
        let (data, headers) = withPresign(base)
        return services.renderer.page(
            "enrol", title: strings("enrol.title"), request: context, principal: nil, currentPath: "/enrol/\(token)", data: data,
            status: status, headers: headers)
    }

    /// A link that does not open an enrolment: not valid (any more), or not yet, while the
    /// enrolment waits for a second administrator.
    private func linkInvalidPage(_ context: LiaisonRequestContext, token: String) async throws -> Response {
        let strings = services.renderer.strings(context)
        let waiting = try await services.administration.enrolmentAwaitsApproval(token: token)
        let key = waiting ? "error.access.awaitsApproval" : "error.auth.enrolmentInvalid"
        let title = strings("\(key).title")
        return services.renderer.page(
            "error", title: title, request: context, principal: nil,
            data: ["error": ["title": title, "detail": strings("\(key).detail"), "status": waiting ? 409 : 410]],
            status: waiting ? .conflict : .gone)
    }
}
