public import TurneroCore

extension QueueStore {
    /// One agent's own figures for `day` (default today), computed from this office's events:
    /// what the counter console shows the signed-in agent. Only `agent`'s line is returned —
    /// an agent never sees another agent's figures.
    public func agentFigures(_ agent: AgentID, day: LocalDay? = nil) throws(StoreError) -> AgentKPI {
        let now = clock()
        let target = day ?? self.day(at: now)
        let events = try events(of: target, closures: "escalation.closed")
        let dayEnd = target.interval(in: configuration.resolvedTimeZone).end
        let report = AgentKPICalculator(configuration: configuration).report(events: events, until: min(now, dayEnd))
        return report.first { $0.agent == agent } ?? AgentKPI(agent: agent)
    }
}
