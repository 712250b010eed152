using System.Text.Json;

namespace Sym.Sdk.Integrations.Tests.Aws.Strategies;

/// <summary>Escalate and deescalate events for one target, built on the core model (the harness's builders are not merged yet).</summary>
internal static class StrategyEvents
{
    public static readonly User Requester = new()
    {
        Id = "2dba7476-a43d-4eb4-ac4b-bdc33b83fca0",
        Username = "alice@example.com",
        FirstName = "Alice",
        LastName = "Example",
        Identities = [new UserIdentity { Service = "slack", ServiceId = "T0123456789", UserId = "U0123456789" }],
    };

    public static Event For(string step, AccessTarget target, User? requester = null, Strategy? strategy = null)
    {
        User user = requester ?? Requester;
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["reason"] = JsonDocument.Parse("\"Fix ticket 123\"").RootElement.Clone(),
            ["duration"] = JsonDocument.Parse("1800").RootElement.Clone(),
        };
        return new Event
        {
            Id = "evt-1",
            Name = step,
            Channel = "slack",
            Payload = new EventPayload
            {
                Timestamp = new DateTimeOffset(2025, 11, 25, 22, 0, 0, TimeSpan.Zero),
                Srn = Srn.Parse($"sym:event-spec:approval:1.0.0:{step}"),
                Fields = new EventFields(values, target),
                User = user,
            },
            Flow = new Flow { Name = "aws_access", Strategy = strategy },
            Run = new Run { Id = "run-1", Actors = new Dictionary<string, User> { ["request"] = user } },
        };
    }

    public static AccessTarget Target(string type, params (string Key, string Value)[] settings) => new()
    {
        Name = "target",
        Label = "Target",
        Type = type,
        Srn = Srn.Parse("sym:access_target:target:latest:e6a92881-cb49-4580-bb17-56c581a596a2"),
        Settings = settings.ToDictionary(s => s.Key, s => s.Value),
    };
}
