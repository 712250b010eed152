using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Integrations.Tests.Slack.Notifications;

/// <summary>Outbox messages as the engine's dispatcher hands them to the notifier, for calling it directly.</summary>
internal static class OutboxMessages
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static SymOutboxMessage Announce(SymRun run, RequestDestination destination, int attempts = 1, string id = "msg-announce") => new()
    {
        Id = id, Kind = SymNotificationKind.Announce, RunId = run.Id, Run = run, Destination = destination, NotificationIndex = run.NotificationIndex,
        CreatedAt = CreatedAt, DueAt = CreatedAt, Attempts = attempts,
    };

    public static SymOutboxMessage Update(SymRun run, SymRunUpdate update, int attempts = 1, string id = "msg-update") => new()
    {
        Id = id, Kind = SymNotificationKind.Update, RunId = run.Id, Run = run, Update = update, CreatedAt = CreatedAt, DueAt = CreatedAt, Attempts = attempts,
    };

    public static SymOutboxMessage Requester(SymRun run, SymRunUpdate update, int attempts = 1, string id = "msg-requester") => new()
    {
        Id = id, Kind = SymNotificationKind.Requester, RunId = run.Id, Run = run, Update = update, CreatedAt = CreatedAt, DueAt = CreatedAt, Attempts = attempts,
    };

    public static SymOutboxMessage Error(string channel, string? runId = null, int attempts = 1, string id = "msg-error") => new()
    {
        Id = id, Kind = SymNotificationKind.Error, RunId = runId, Channel = channel, CreatedAt = CreatedAt, DueAt = CreatedAt, Attempts = attempts,
        Error = new SymErrorReport
        {
            Flow = SlackEngineHost.FlowName,
            RunId = runId,
            Error = new SymRunError { Step = "escalate", Code = "Test:FAILED", Message = "boom", Source = "strategy", Timestamp = CreatedAt },
        },
    };
}
