import ArgumentParser

@main
struct Liaison: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liaison",
        abstract: "A node of the Liaison network: secure exchange between contact points of EU and Schengen states.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, DemoNodeCommand.self, MigrateCommand.self, UserCommand.self, RecordsCommand.self, AuditCommand.self, PKICommand.self, MRZCommand.self,
            MatchCommand.self, PIICheckCommand.self, BenchCommand.self,
        ]
    )
}
