import FluentKit

/// Every migration, in order. A new one is appended with the next number; none is edited
/// once released, and each has a real revert.
public enum LiaisonMigrations {
    public static let all: [any Migration] = [
        M001_CreateOrganisation(),
        M002_CreateSessions(),
        M003_CreateAuditTrail(),
        M004_CreateFederation(),
        M005_CreateDirectoryCopies(),
        M006_CreateExchange(),
        M007_AddEventAuthor(),
        M008_CreateIndexes(),
        M009_LeanerHotPathIndexes(),
        M010_CreateAccessChanges(),
        M011_CreateDeployments(),
        M012_CreateStrategicReports(),
        M013_CreateNetworkRecords(),
        M014_AddContactPoints(),
        M015_CreateOfficerPersonalData(),
        M016_CreateDocumentFiles(),
        M017_CreateMatchDecisions(),
        M018_CreatePersonReads(),
        M019_AddErasure(),
        M020_AddRestriction(),
        M021_CreateAccessRequests(),
        M022_AddFollowUpDelivery(),
        M023_CreateRectificationAsks(),
        M024_AddArrivals(),
    ]
}
