import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonFederation
import LiaisonStore

/// What other states send: admitted only after this node has run the same rules again
/// (never trusting the sender's check), then answered by an officer here.
extension ExchangeService {
    /// Applies an admitted envelope of an exchange kind inside the inbox transaction. A rule
    /// refusal becomes a federation refusal with the rule's code, so the sender sees it.
    func apply(_ envelope: Envelope, on tx: any Database) async throws {
        guard let kind = ExchangeKind(rawValue: envelope.kind) else {
            throw FederationRefusal(.unknownKind, "\(envelope.kind) is not an exchange kind.")
        }
        let node = try requireFederation()
        let manifest = await node.manifest.current
        guard let senderNode = manifest.node(envelope.fromNode),
            let sender = senderNode.authorities.first(where: { $0.id == envelope.fromAuthority }),
            let receiver = manifest.node(node.settings.nodeID)?.authorities.first(where: { $0.id == envelope.toAuthority })
        else { throw FederationRefusal(.unknownAuthority, "The sending or receiving authority is not in the manifest.") }
        let senderState = senderNode.stateCode
        let from = ContactPoint(stateCode: senderState, kind: sender.kind)
        let to = ContactPoint(stateCode: stateCode, kind: receiver.kind)
        let message: ExchangeMessage
        do {
            message = try Self.admit(kind: kind, body: envelope.body, from: from, to: to, ceiling: settings.ceiling, now: clock())
        } catch let refusal as PolicyError {
            throw FederationRefusal(.init(rawValue: refusal.code.rawValue), refusal.detail)
        }
        let now = clock()
        switch message {
        case .request(let body):
            try await open(
                body.exchangeID, kind: kind, envelope: envelope, receiverKind: receiver.kind, senderState: senderState, urgency: body.urgency,
                deadline: settings.deadlines.deadline(receivedAt: now, urgency: body.urgency), on: tx)
        case .spontaneous(let body):
            try await open(body.exchangeID, kind: kind, envelope: envelope, receiverKind: receiver.kind, senderState: senderState, urgency: .normal, deadline: nil, on: tx)
        case .contactMessage(let body):
            try await open(body.messageID, kind: kind, envelope: envelope, receiverKind: receiver.kind, senderState: senderState, urgency: .normal, deadline: nil, on: tx)
            // A reply joins the history of the message it answers, when this node holds it.
            if let original = body.inReplyTo, let answered = try await ExchangeModel.find(original, on: tx), answered.counterpartNode == envelope.fromNode {
                try await ExchangeEventModel(
                    exchangeID: original, at: now, event: "reply-received", actor: "node:\(envelope.fromNode)", body: Data(body.messageID.uuidString.utf8)
                ).create(on: tx)
            }
        case .answer(let body):
            // R6: only the state that was asked answers, on its own exchange.
            guard let exchange = try await ExchangeModel.find(body.exchangeID, on: tx), exchange.direction == ExchangeModel.Direction.outgoing,
                exchange.counterpartNode == envelope.fromNode, exchange.kind == ExchangeKind.request
            else { throw FederationRefusal(.init(rawValue: PolicyError.Code.r6NotBilateral.rawValue), "R6: no request of this node to yours has that exchange id.") }
            try Self.refusing { try ExchangeRules.checkRequestStands(withdrawn: exchange.state == ExchangeModel.State.withdrawn) }
            exchange.answer = envelope.body
            exchange.answeredAt = now
            exchange.state = ExchangeModel.State.answered
            try await exchange.save(on: tx)
            try await ExchangeEventModel(exchangeID: body.exchangeID, at: now, event: "answered", actor: "node:\(envelope.fromNode)").create(on: tx)
        case .followUp(let body):
            guard let exchange = try await ExchangeModel.find(body.exchangeID, on: tx), exchange.counterpartNode == envelope.fromNode else {
                throw FederationRefusal(.init(rawValue: PolicyError.Code.r6NotBilateral.rawValue), "R6: no exchange between our nodes has that id.")
            }
            // R3 at the receiver: it cannot see the sender's notification, so it judges what it holds.
            let standing = Self.followUpStanding(of: exchange, writtenHere: false, ground: .counterpartExchange)
            try Self.refusing { try ExchangeRules.checkCTFirst(followUp: body, on: standing, now: now) }
            if body.followUp == .withdrawal { exchange.state = ExchangeModel.State.withdrawn }
            try Self.applyCorrection(body, to: exchange)
            try await exchange.save(on: tx)
            try await ExchangeEventModel(exchangeID: body.exchangeID, at: now, event: body.followUp.rawValue, actor: "node:\(envelope.fromNode)", body: envelope.body).create(on: tx)
        }
        try await markArrival(of: message, at: now, on: tx)
    }

    /// A rule refusal inside the inbox becomes a federation refusal with the rule's code.
    static func refusing(_ check: () throws -> Void) throws {
        do { try check() } catch let error as PolicyError { throw FederationRefusal(.init(rawValue: error.code.rawValue), error.detail) }
    }

    /// An update or correction replaces the author's data wherever they are held: at the
    /// receiver, what the sender sent (its request or information, or its answer to our
    /// request); at the sender, its own copy of the same. The event keeps what it said before.
    static func applyCorrection(_ body: FollowUpBody, to exchange: ExchangeModel, writtenHere: Bool = false) throws {
        guard body.subject != nil || body.situation != nil else { return }
        let authorOpenedIt = (exchange.direction == ExchangeModel.Direction.outgoing) == writtenHere
        if !authorOpenedIt, let stored = exchange.answer {
            var answer = try decode(AnswerBody.self, stored)
            answer.subject = body.subject ?? answer.subject
            answer.situation = body.situation ?? answer.situation
            exchange.answer = try encode(answer)
        } else if authorOpenedIt, exchange.kind == ExchangeKind.spontaneous {
            var information = try decode(SpontaneousBody.self, exchange.body)
            information.subject = body.subject ?? information.subject
            information.situation = body.situation ?? information.situation
            exchange.body = try encode(information)
        } else if authorOpenedIt, exchange.kind == ExchangeKind.request, let subject = body.subject {
            var request = try decode(RequestBody.self, exchange.body)
            request.subject = subject
            exchange.body = try encode(request)
        }
    }

    /// The receiver's run of the rules: the same `checkMessage` the sender ran.
    static func admit(kind: ExchangeKind, body: Data, from: ContactPoint, to: ContactPoint, ceiling: MarkingCeiling, now: Date) throws -> ExchangeMessage {
        let message = try ExchangeMessage.decode(kind: kind, body: body)
        try ExchangeRules.checkMessage(message, from: from, to: to, ceiling: ceiling, now: now)
        return message
    }

    private func open(
        _ id: UUID, kind: ExchangeKind, envelope: Envelope, receiverKind: AuthorityKind, senderState: String, urgency: Urgency, deadline: Date?,
        on tx: any Database
    ) async throws {
        guard try await ExchangeModel.find(id, on: tx) == nil else {
            throw FederationRefusal(.malformed, "An exchange with this id exists already.")
        }
        let local = try await nationalAuthority(receiverKind, on: tx)
        let exchange = ExchangeModel(
            id: id, direction: .incoming, kind: kind, localAuthorityID: try local.requireID(), counterpartNode: envelope.fromNode,
            counterpartState: senderState, counterpartAuthority: envelope.fromAuthority, body: envelope.body, urgency: urgency,
            state: .received, now: clock())
        exchange.deadline = deadline
        try await exchange.create(on: tx)
    }

    /// Requests, spontaneous information and messages received by the user's contact point,
    /// the open ones with the nearest deadline first.
    public func inbox(for actor: Actor) async throws -> [ExchangeModel] {
        let rows = try await ExchangeModel.query(on: db)
            .filter(\.$localAuthorityID == actor.authorityID).filter(\.$direction == ExchangeModel.Direction.incoming)
            .sort(\.$createdAt, .descending).limit(500).all()
        try await recordRead(actor, targetType: "exchange", targetID: "inbox", reason: "inbox (\(rows.count))", persons: rows.map { PersonReadModel.exchange($0.id) })
        return rows.sorted { a, b in
            let aOpen = a.state == ExchangeModel.State.received, bOpen = b.state == ExchangeModel.State.received
            if aOpen != bOpen { return aOpen }
            return (a.deadline ?? .distantFuture, b.createdAt) < (b.deadline ?? .distantFuture, a.createdAt)
        }
    }

    /// Ranked candidates from the node's administrative records for a received request,
    /// with the matcher's explanation. It suggests; the officer decides.
    public func candidates(for id: UUID, by actor: Actor, limit: Int = 10) async throws -> [(AdministrativeRecordModel, MatchCandidate)] {
        let exchange = try await exchangeOfAuthority(id, actor: actor)
        guard exchange.direction == ExchangeModel.Direction.incoming,
            exchange.kind == .request || exchange.kind == .spontaneous
        else { throw ServiceError.notFound }
        let subject: PersonIdentity =
            switch try ExchangeMessage.decode(kind: exchange.kind, body: exchange.body) {
            case .request(let body): body.subject
            case .spontaneous(let body): body.subject
            default: throw ServiceError.notFound
            }
        let (index, byReference) = try await recordIndex()
        let ranked = index.candidates(for: subject.identityRecord(id: id.uuidString), limit: limit)
        try await recordRead(
            actor, targetType: "exchange", targetID: id.uuidString, reason: "candidates for answering the request",
            persons: [PersonReadModel.exchange(id)] + ranked.map { PersonReadModel.record($0.id) })
        return ranked.compactMap { candidate in byReference[candidate.id].map { ($0, candidate) } }
    }

    public struct AnswerInput: Sendable {
        public var outcome: AnswerOutcome
        public var recordReference: String?
        public var reason: String?
        public var lateReason: String?
        public var sourceEvaluation: SourceEvaluation?
        public var informationEvaluation: InformationEvaluation?
        public var handlingCode: HandlingCode
        public var marking: Marking

        public init(
            outcome: AnswerOutcome, recordReference: String? = nil, reason: String? = nil, lateReason: String? = nil,
            sourceEvaluation: SourceEvaluation? = nil, informationEvaluation: InformationEvaluation? = nil, handlingCode: HandlingCode = .h0,
            marking: Marking = .unclassified
        ) {
            self.outcome = outcome
            self.recordReference = recordReference
            self.reason = reason
            self.lateReason = lateReason
            self.sourceEvaluation = sourceEvaluation
            self.informationEvaluation = informationEvaluation
            self.handlingCode = handlingCode
            self.marking = marking
        }
    }

    /// Answers a received request. A "found" answer carries the record's identity and
    /// administrative situation, so it waits for a supervisor where the node requires it (R8).
    public func answer(_ id: UUID, _ input: AnswerInput, by actor: Actor) async throws -> ExchangeModel {
        let exchange = try await exchangeOfAuthority(id, actor: actor)
        guard exchange.direction == ExchangeModel.Direction.incoming, exchange.kind == ExchangeKind.request else { throw ServiceError.notFound }
        guard exchange.state == ExchangeModel.State.received else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "This request is answered, withdrawn, or its answer waits for approval."))
        }
        var subject: PersonIdentity?
        var situation: AdministrativeSituation?
        if input.outcome == .found {
            guard let reference = input.recordReference,
                let record = try await records.find(reference: reference, on: db)
            else { throw ServiceError.invalid("Choose the administrative record the answer is about.", fields: ["recordReference": "Required for “found”."]) }
            subject = try record.person()
            situation = try record.administrativeSituation()
        }
        let now = clock()
        let body = AnswerBody(
            exchangeID: id, outcome: input.outcome, subject: subject, situation: situation, sourceEvaluation: input.sourceEvaluation,
            informationEvaluation: input.informationEvaluation, reason: input.reason, lateReason: input.lateReason,
            handlingCode: input.handlingCode, marking: input.marking)
        let to = ContactPoint(stateCode: exchange.counterpartState, kind: actor.authority.kind)
        try await enforce(actor, target: id.uuidString) {
            try ExchangeRules.checkLateReason(answeredAt: now, deadline: exchange.deadline ?? .distantFuture, lateReason: input.lateReason)
            try ExchangeRules.checkMessage(.answer(body), from: actor.contactPoint, to: to, ceiling: settings.ceiling, now: now)
        }
        let needsApproval = ExchangeRules.needsApproval(.answer(body), approvalRequired: settings.approvalRequired)
        let from = try await ownManifestAuthority(actor.authority.kind)
        exchange.answer = try Self.encode(body)
        exchange.answeredAt = now
        exchange.answeredBy = actor.userID
        exchange.state = ExchangeModel.State.answered
        exchange.answerState = needsApproval ? ExchangeModel.State.awaitingApproval : nil
        try await db.transaction { tx in
            try await exchange.save(on: tx)
            if !needsApproval {
                try await send(exchange, message: .answer(body), approvedBy: nil, fromAuthority: from.authority, toAuthority: exchange.counterpartAuthority, on: tx)
            }
            // The record answered from, so that a later update or correction can start from it.
            try await ExchangeEventModel(exchangeID: id, at: now, event: "answer-written", actor: actor.username, body: input.recordReference.map { Data($0.utf8) })
                .create(on: tx)
            try await record(actor, .exchangeAnswered, targetType: "exchange", targetID: id.uuidString, detail: "outcome=\(input.outcome.rawValue)", on: tx)
        }
        return exchange
    }
}
