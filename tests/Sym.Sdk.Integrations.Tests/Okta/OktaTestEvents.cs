using System.Text.Json;

namespace Sym.Sdk.Integrations.Tests.Okta;

/// <summary>Builds escalate and deescalate events for strategy tests (the shared harness is not available here).</summary>
internal static class OktaTestEvents
{
    public static readonly DateTimeOffset Timestamp = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static User Requester(string email = "alice@example.com") => new() { Id = "sym-" + email, Username = email };

    public static AccessTarget GroupTarget(string? groupId, string name = "prod-admins") => new()
    {
        Name = name,
        Type = "okta_group",
        Label = "Production admins",
        Settings = groupId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["group_id"] = groupId },
    };

    public static Event Create(string step, User requester, AccessTarget? target, User? actor = null)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["reason"] = JsonSerializer.SerializeToElement("on-call"),
            ["duration"] = JsonSerializer.SerializeToElement(3600),
        };
        if (step == "deescalate")
        {
            fields["deescalate_type"] = JsonSerializer.SerializeToElement("scheduled");
        }

        return new Event
        {
            Id = Guid.NewGuid().ToString(),
            Name = step,
            Payload = new EventPayload { Timestamp = Timestamp, User = actor ?? requester, Fields = new EventFields(fields, target) },
            Flow = new Flow { Name = "okta_access" },
            Run = new Run { Id = "run-1", Actors = new Dictionary<string, User> { ["request"] = requester } },
        };
    }

    public static Event Escalate(User requester, AccessTarget? target) => Create("escalate", requester, target, new User { Username = "sym@example.com" });

    public static Event Deescalate(User requester, AccessTarget? target) => Create("deescalate", requester, target, new User { Username = "sym@example.com" });
}
