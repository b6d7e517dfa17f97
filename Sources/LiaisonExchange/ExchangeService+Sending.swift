import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonFederation
import LiaisonStore

/// Requests and spontaneous information abroad, each state its own bilateral exchange (R6),
/// and contact-point messages. Nothing with personal data leaves before approval (R8).
extension ExchangeService {
    public struct RequestInput: Sendable {
        public var notificationID: UUID
        public var targetStates: [String]
        public var purpose: String
        public var legalBasis: String
        public var urgency: Urgency
        public var handlingCode: HandlingCode
        public var marking: Marking
        public var requestedCategories: [RequestedCategory]
        public var remarks: String?

        public init(
            notificationID: UUID, targetStates: [String], purpose: String, legalBasis: String, urgency: Urgency, handlingCode: HandlingCode,
            marking: Marking, requestedCategories: [RequestedCategory], remarks: String? = nil
        ) {
            self.notificationID = notificationID
            self.targetStates = targetStates
            self.purpose = purpose
            self.legalBasis = legalBasis
            self.urgency = urgency
            self.handlingCode = handlingCode
            self.marking = marking
            self.requestedCategories = requestedCategories
            self.remarks = remarks
        }
    }

    /// One administrative-situation request per target state (R6), about the person of an
    /// active notification addressed to the user's contact point (R3).
    public func createRequests(_ input: RequestInput, by actor: Actor) async throws -> [ExchangeModel] {
        let notification = try await notificationForSending(input.notificationID, actor: actor)
        let subject = try notification.person()
        let batch = UUID()
        return try await openExchanges(targetStates: input.targetStates, actor: actor, batch: batch, notification: notification, urgency: input.urgency) { state, exchangeID in
            .request(
                RequestBody(
                    exchangeID: exchangeID, notificationReference: notification.reference, recipientState: state, subject: subject,
                    purpose: input.purpose, legalBasis: input.legalBasis, urgency: input.urgency, handlingCode: input.handlingCode,
                    marking: input.marking, requestedCategories: input.requestedCategories, remarks: input.remarks))
        }
    }

    public struct SpontaneousInput: Sendable {
        public var notificationID: UUID
        public var targetStates: [String]
        public var situation: AdministrativeSituation
        public var purpose: String
        public var legalBasis: String
        public var handlingCode: HandlingCode
        public var marking: Marking
        public var sourceEvaluation: SourceEvaluation?
        public var informationEvaluation: InformationEvaluation?

        public init(
            notificationID: UUID, targetStates: [String], situation: AdministrativeSituation, purpose: String, legalBasis: String,
            handlingCode: HandlingCode, marking: Marking, sourceEvaluation: SourceEvaluation? = nil, informationEvaluation: InformationEvaluation? = nil
        ) {
            self.notificationID = notificationID
            self.targetStates = targetStates
            self.situation = situation
            self.purpose = purpose
            self.legalBasis = legalBasis
            self.handlingCode = handlingCode
            self.marking = marking
            self.sourceEvaluation = sourceEvaluation
            self.informationEvaluation = informationEvaluation
        }
    }

    /// Administrative information sent without a request: the same rules as a request.
    public func sendSpontaneous(_ input: SpontaneousInput, by actor: Actor) async throws -> [ExchangeModel] {
        let notification = try await notificationForSending(input.notificationID, actor: actor)
        let subject = try notification.person()
        return try await openExchanges(targetStates: input.targetStates, actor: actor, batch: UUID(), notification: notification, urgency: .normal) { state, exchangeID in
            .spontaneous(
                SpontaneousBody(
                    exchangeID: exchangeID, notificationReference: notification.reference, recipientState: state, subject: subject,
                    situation: input.situation, purpose: input.purpose, legalBasis: input.legalBasis, handlingCode: input.handlingCode,
                    marking: input.marking, sourceEvaluation: input.sourceEvaluation, informationEvaluation: input.informationEvaluation))
        }
    }

    /// A contact-point message to the contact point of the same kind in another state (R1).
    /// It carries no personal data (R8): besides the identifiers every node screens for, the
    /// sender screens for the names of the persons its own notifications are about.
    public func sendContactMessage(
        to state: String, title: String, text: String, handlingCode: HandlingCode, marking: Marking, inReplyTo: UUID? = nil, by actor: Actor
    ) async throws -> ExchangeModel {
        // A reply stays between the two contact points of the message it answers.
        let original = try await inReplyTo.asyncMap { try await replyable($0, to: state, for: actor) }
        let draft = ContactMessageBody(messageID: UUID(), title: title, text: text, handlingCode: handlingCode, marking: marking)
        let screen = PersonalDataScreen(now: clock(), knownPersons: try await notifiedPersons())
        let listed = try await listedContacts()
        try await enforce(actor) { try ExchangeRules.checkNoPersonalData(draft, screen: screen, listed: listed) }
        let opened = try await openExchanges(targetStates: [state], actor: actor, batch: nil, notification: nil, urgency: .normal) { _, exchangeID in
            .contactMessage(ContactMessageBody(messageID: exchangeID, title: title, text: text, handlingCode: handlingCode, marking: marking, inReplyTo: inReplyTo))
        }
        if let original, let reply = opened[0].id {
            try await ExchangeEventModel(exchangeID: try original.requireID(), at: clock(), event: "reply-sent", actor: actor.username, body: Data(reply.uuidString.utf8))
                .create(on: db)
        }
        return opened[0]
    }

    /// A contact-point message of the user's contact point that may be answered with a reply to `state`.
    func replyable(_ id: UUID, to state: String, for actor: Actor) async throws -> ExchangeModel {
        guard let message = try await ExchangeModel.find(id, on: db), message.localAuthorityID == actor.authorityID, message.kind == .contactMessage,
            message.counterpartState == state.uppercased()
        else { throw ServiceError.invalid("A reply goes to the contact point of the message it answers.", fields: ["targetState": "The state of that message."]) }
        return message
    }

    /// The officials and contact details a message may name: this node's users, the network's
    /// contact points and liaison officers, as the directory and the deployments list them.
    func listedContacts() async throws -> ListedContacts {
        var names = try await UserModel.query(on: db).all().map(\.displayName)
        var mailboxes: [String] = [], phones: [String] = []
        func add(_ contact: ContactDetails?) {
            guard let contact else { return }
            mailboxes.append(contact.mailbox)
            if let phone = contact.phone { phones.append(phone) }
        }
        for authority in try await AuthorityModel.query(on: db).all() {
            add(authority.contactDetails)
        }
        for copy in try await DirectoryCopyModel.query(on: db).all() {
            for entry in (try? JSONDecoder().decode([DirectoryPublication.Entry].self, from: copy.entries)) ?? [] { add(entry.contact) }
        }
        for deployment in try await DeploymentModel.query(on: db).all().compactMap({ try? JSONDecoder().decode(Deployment.self, from: $0.record) }) {
            names.append(deployment.officerName)
            mailboxes += [deployment.mailbox].compactMap { $0 }
            phones += [deployment.phone].compactMap { $0 }
        }
        return ListedContacts(names: names, mailboxes: mailboxes, phones: phones)
    }

    /// The persons of every threat notification this node holds, active or not.
    func notifiedPersons() async throws -> [PersonIdentity] {
        try await ThreatNotificationModel.query(on: db).all().compactMap { try? $0.person() }
    }

    /// The notification a request or spontaneous information is sent under, checked by R3.
    /// A notification addressed to the officer's contact point that is absent counts as no
    /// notification at all: R3 refuses both the same way.
    func notificationForSending(_ id: UUID, actor: Actor) async throws -> ThreatNotificationModel {
        let found = try await ThreatNotificationModel.find(id, on: db)
        let notification = found?.immAuthorityID == actor.authorityID ? found : nil
        try await enforce(actor, target: notification?.reference) { try ExchangeRules.checkCTFirst(notification?.standing, now: clock()) }
        guard let notification else { throw ServiceError.notFound }  // already refused by R3 above
        return notification
    }

    /// Checks and stores one exchange per target state; each waits for approval where the node
    /// requires it, or goes to the outbox in the same transaction.
    func openExchanges(
        targetStates: [String], actor: Actor, batch: UUID?, notification: ThreatNotificationModel?, urgency: Urgency,
        body: (String, UUID) -> ExchangeMessage
    ) async throws -> [ExchangeModel] {
        let network = await networkStates()
        let targets = try await enforce(actor) { try ExchangeRules.bilateralTargets(targetStates, ownState: stateCode, network: network) }
        let from = try await ownManifestAuthority(actor.authority.kind)
        var planned: [(ExchangeModel, ExchangeMessage, String)] = []
        for state in targets {
            let (node, authority) = try await counterpart(state: state, kind: actor.authority.kind)
            let id = UUID()
            let message = body(state, id)
            try await enforce(actor, target: id.uuidString) {
                try ExchangeRules.checkMessage(message, from: actor.contactPoint, to: ContactPoint(stateCode: node.stateCode, kind: authority.kind), ceiling: settings.ceiling, now: clock())
            }
            let exchange = ExchangeModel(
                id: id, direction: .outgoing, kind: message.kind, localAuthorityID: actor.authorityID, counterpartNode: node.nodeID,
                counterpartState: node.stateCode, counterpartAuthority: authority.id, body: try message.encoded(), urgency: urgency,
                state: .awaitingApproval, now: clock())
            exchange.batchID = batch
            exchange.notificationID = try notification?.requireID()
            exchange.createdBy = actor.userID
            planned.append((exchange, message, authority.id))
        }
        let needsApproval = planned.first.map { ExchangeRules.needsApproval($0.1, approvalRequired: settings.approvalRequired) } ?? false
        let toSend = planned
        try await db.transaction { tx in
            for (exchange, message, toAuthority) in toSend {
                try await exchange.create(on: tx)
                try await record(
                    actor, .exchangeCreated, targetType: "exchange", targetID: try exchange.requireID().uuidString, detail: "kind=\(message.kind.rawValue) to=\(exchange.counterpartState)", on: tx)
                if !needsApproval {
                    try await send(exchange, message: message, approvedBy: nil, fromAuthority: from.authority, toAuthority: toAuthority, on: tx)
                }
            }
        }
        return planned.map(\.0)
    }

    /// Queues the message of `exchange` in the outbox, on the caller's transaction, after the
    /// one check every message passes on its way out: R8 approval.
    func send(
        _ exchange: ExchangeModel, message: ExchangeMessage, approvedBy: String?, fromAuthority: String, toAuthority: String, on tx: any Database
    ) async throws {
        try checkMayLeave(message, approvedBy: approvedBy)
        let node = try requireFederation()
        let row = try await node.enqueue(
            to: exchange.counterpartNode, toAuthority: toAuthority, fromAuthority: fromAuthority, kind: message.kind.rawValue,
            body: try message.encoded(), on: tx)
        switch message {
        case .answer:
            exchange.answerOutboxID = row.id
            exchange.answerState = ExchangeModel.State.sent
        case .request(let body):
            exchange.outboxMessageID = row.id
            exchange.state = ExchangeModel.State.sent
            // The requester sees the deadline too, reckoned as the receiver reckons it from
            // receipt: delivery takes seconds on a healthy network.
            exchange.deadline = settings.deadlines.deadline(receivedAt: clock(), urgency: body.urgency)
        case .spontaneous, .contactMessage:
            exchange.outboxMessageID = row.id
            exchange.state = ExchangeModel.State.sent
        case .followUp:
            break
        }
        try await exchange.save(on: tx)
    }

    func checkMayLeave(_ message: ExchangeMessage, approvedBy: String?) throws {
        try ExchangeRules.checkMayLeave(message, approvalRequired: settings.approvalRequired, approvedBy: approvedBy)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
