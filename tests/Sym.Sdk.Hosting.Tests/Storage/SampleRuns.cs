using System.Text.Json;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting.Tests.Storage;

/// <summary>Runs for store tests: a bare one, and one with every property set to something other than its default.</summary>
internal static class SampleRuns
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static readonly User Requester = new() { Username = "req@example.com" };

    public static SymRun Bare(string id, DateTimeOffset? requestedAt = null, SymRunState state = SymRunState.Pending) => new()
    {
        Id = id, Version = 1, Flow = "custom_access", Requester = Requester, RequestedAt = requestedAt ?? T0, State = state,
    };

    public static SymRun Full(string id)
    {
        var target = new AccessTarget
        {
            Srn = Srn.Parse("acme:access_target:okta_group:prod-admins:1.0.0"),
            Name = "prod",
            Label = "Production",
            Type = "okta_group",
            Settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["group_id"] = "00g1", ["account"] = "123" },
        };
        var requester = new User
        {
            Id = "u-1",
            Srn = Srn.Parse("acme:user:req:latest"),
            Username = "req@example.com",
            Email = "requester@mail.example.com",
            Type = UserType.Bot,
            FirstName = "Rae",
            LastName = "Quest",
            Name = "Rae Q. (on call)",
            Role = UserRole.Guest,
            Identities = [new UserIdentity { Service = "slack", ServiceId = "T01", UserId = "U0REQ", Email = "r@slack.example.com" }],
        };
        var approver = new User { Username = "approver@example.com", FirstName = "Ann", LastName = "Prover", Role = UserRole.Admin };
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["reason"] = SymFieldValue.String("incident 42 — “quoted”, ünïcode"),
            ["duration"] = SymFieldValue.Duration(TimeSpan.FromHours(1)),
            ["urgent"] = SymFieldValue.Bool(true),
            ["tickets"] = SymFieldValue.StringList(["INC-1", "INC-2"]),
            ["accounts"] = SymFieldValue.IntList([1, 2, 3]),
            ["nested"] = JsonDocument.Parse("""{"a":[1,{"b":null}],"c":1.5e3}""").RootElement.Clone(),
        };
        return new SymRun
        {
            Id = id,
            Version = 1,
            Flow = "custom_access",
            State = SymRunState.Deescalating,
            Requester = requester,
            Target = target,
            Duration = TimeSpan.FromMinutes(90),
            Fields = new EventFields(fields, target),
            SourceChannel = "slack",
            RequestedAt = T0,
            PendingExpiresAt = T0.AddDays(1),
            Actors = new Dictionary<string, User>(StringComparer.Ordinal) { ["request"] = requester, ["approve"] = approver },
            Outputs = new Dictionary<string, StrategyOutput>(StringComparer.Ordinal)
            {
                ["escalate"] = StrategyOutput.Applied(new Dictionary<string, string>(StringComparer.Ordinal) { ["membership"] = "m-1" }, "added"),
                ["deescalate"] = StrategyOutput.AlreadyRevoked(),
            },
            Permission = RequestPermission.ForUsers(["U0APP", "approver@example.com"], allowSelfApproval: true) with
            {
                WebappView = PermissionAudience.UserIds(["viewer@example.com", "U0VIEW"]),
            },
            Contexts = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal)
            {
                ["request"] = System.Text.Json.JsonDocument.Parse("""{"diff":"-a\n b","job":42,"nested":{"ok":true}}""").RootElement.Clone(),
            },
            Notifications =
            [
                new Notification([new SlackChannelName("#access-requests") { AllowSelf = true }], TimeSpan.FromMinutes(15)),
                Notification.To(new SlackUser("U0APP") { Timeout = TimeSpan.FromMinutes(5) }),
                Notification.To(new SlackChannelId("C0123ABC")),
                Notification.To(new SlackUserGroup([new SlackUser("U0A"), new SlackUser("U0B")]) { AllowSelf = true }),
                Notification.To(SlackUserLookup.ByEmail("boss@example.com")),
                Notification.To(SlackUserLookup.ByName("@oncall")),
                Notification.To(new RequestDestinationFallback([new SlackUser("U0C"), new SlackChannelName("ops")])
                {
                    ContinueOnDeliveryFailure = false, ContinueOnTimeout = true, Timeout = TimeSpan.FromMinutes(2),
                }),
            ],
            ForwardOnDeliveryFailure = false,
            NotificationIndex = 2,
            MessageReference = "C0123ABC:1700000000.000100",
            Approvals = [approver],
            Denials = [new User { Username = "denier@example.com" }],
            DecisionReason = "looks fine",
            EscalatedAt = T0.AddMinutes(3),
            ExpiresAt = T0.AddMinutes(93),
            DeescalateType = "revoke",
            DeescalateFailures = 2,
            DroppedErrorCount = 3,
            EscalationFailed = true,
            PendingExtension = TimeSpan.FromMinutes(30),
            ExtensionCount = 1,
            EndedAt = T0.AddHours(2),
            Errors = [new SymRunError { Step = "deescalate", Code = "Okta:RATE_LIMITED", Message = "slow down", Source = "strategy", Timestamp = T0.AddMinutes(95) }],
        };
    }
}
