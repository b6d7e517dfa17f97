import Foundation

// Templates read stored properties only (they are found by reflection): nothing here is computed.

struct LocalNetworkRowView {
    let id: String
    let name: String
    let scope: String
    let coordinator: String
    let members: Int
    let origin: String
    let own: Bool
}

struct LocalNetworkListView {
    let rows: [LocalNetworkRowView]
    let form: LocalNetworkFormView?
}

struct LocalNetworkFormView {
    let action: String
    let name: String
    let description: String
    let countries: [Choice]
    let regions: [Choice]
    let coordinators: [Choice]
    let errors: [String: String]
    let failure: String?
}

/// A member of a network with the contact details of their posting.
struct NetworkMemberView {
    let id: String
    let officer: String
    let body: String
    let place: String
    let mailbox: String?
    let phone: String?
    let coordinator: Bool
}

struct NetworkActivityRowView {
    let href: String
    let kind: String
    let title: String
    let day: String
    let detail: String
}

struct LocalNetworkDetailView {
    let networkID: String
    let name: String
    let scope: String
    let description: String?
    let coordinator: String
    let readOnlyNote: String?
    let members: [NetworkMemberView]
    let activities: [NetworkActivityRowView]
    let documents: [NetworkDocumentRowView]
    let canUpload: Bool
    let documentErrors: [String: String]
    let documentFailure: String?
    let readers: [Choice]
    let activityForm: ActivityFormView?
}

struct NetworkDocumentRowView {
    let href: String
    let title: String
    let version: Int
    let readers: String
    let updated: String
}

struct ActivityFormView {
    let action: String
    let heading: String
    let kinds: [Choice]
    let title: String
    let day: String
    let place: String
    let agenda: String
    let minutes: String
    let guests: String
    let attendance: [Choice]
    let commissionInvited: Bool
    let frontexInvited: Bool
    let notInvitedReason: String
    let topics: [Choice]
    let counterpart: String
    let errors: [String: String]
    let failure: String?
}

struct ActivityDetailView {
    let networkHref: String
    let networkName: String
    let kind: String
    let title: String
    let day: String
    let place: String?
    let topic: String?
    let counterpart: String?
    let agenda: [String]
    let minutes: String?
    let attendees: [String]
    let guests: [String]
    let invitations: String?
    let notInvitedReason: String?
    let readOnlyNote: String?
    let form: ActivityFormView?
}
