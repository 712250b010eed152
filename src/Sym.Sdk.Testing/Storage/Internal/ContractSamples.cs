using System.Text.Json;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>What the contract's checks write: runs (a bare one, and one with every member away from its default), audit
/// entries, timers, outbox messages of every kind and inbox items, all at fixed times.</summary>
internal static class ContractSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public static readonly User Requester = new() { Username = "req@example.com" };

    public static readonly User Other = new() { Username = "other@example.com" };

    public static readonly User Approver = new() { Username = "approver@example.com", FirstName = "Ann", LastName = "Prover", Role = UserRole.Admin };

    public static SymRun Bare(string id, DateTimeOffset? requestedAt = null, SymRunState state = SymRunState.Pending, User? requester = null) => new()
    {
        Id = id, Version = 1, Flow = "custom_access", Requester = requester ?? Requester, RequestedAt = requestedAt ?? T0, State = state,
    };

    /// <summary>A run with every member set to something other than its default, in every shape a member can take.</summary>
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
        using JsonDocument nested = JsonDocument.Parse("""{"a":[1,{"b":null}],"c":1.5e3}""");
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["reason"] = SymFieldValue.String("incident 42 — “quoted”, ünïcode"),
            ["duration"] = SymFieldValue.Duration(TimeSpan.FromHours(1)),
            ["urgent"] = SymFieldValue.Bool(true),
            ["tickets"] = SymFieldValue.StringList(["INC-1", "INC-2"]),
            ["accounts"] = SymFieldValue.IntList([1, 2, 3]),
            ["nested"] = nested.RootElement.Clone(),
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
            RequestedAt = T0.AddTicks(1234567),
            PendingExpiresAt = T0.AddDays(1),
            Actors = new Dictionary<string, User>(StringComparer.Ordinal) { ["request"] = requester, ["approve"] = Approver },
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
                .. Destinations().Select(static d => Notification.To(d)),
            ],
            ForwardOnDeliveryFailure = false,
            NotificationIndex = 2,
            MessageReference = "C0123ABC:1700000000.000100",
            Approvals = [Approver],
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

    /// <summary>One request destination of every kind Sym.Sdk defines, each with its options away from their defaults.</summary>
    public static IReadOnlyList<RequestDestination> Destinations() =>
    [
        new SlackUser("U0APP") { Timeout = TimeSpan.FromMinutes(5) },
        new SlackChannelId("C0123ABC") { AllowSelf = true },
        new SlackChannelName("#access-requests"),
        new SlackUserGroup([new SlackUser("U0A"), new SlackUser("U0B")]) { AllowSelf = true },
        SlackUserLookup.ByEmail("boss@example.com"),
        SlackUserLookup.ByName("@oncall"),
        new RequestDestinationFallback([new SlackUser("U0C"), new SlackChannelName("ops")])
        {
            ContinueOnDeliveryFailure = false, ContinueOnTimeout = true, Timeout = TimeSpan.FromMinutes(2),
        },
    ];

    public static SymAuditEntry Entry(string step, string runId = "r1", string? message = null) => new()
    {
        RunId = runId, Flow = "custom_access", Step = step, Actor = "req@example.com", Requester = "req@example.com", Timestamp = T0,
        Outcome = SymAuditOutcome.Applied, Message = message,
    };

    public static SymTimer Timer(string runId, DateTimeOffset dueAt, SymTimerKind kind = SymTimerKind.Deescalate, int argument = 0) =>
        new() { RunId = runId, Kind = kind, DueAt = dueAt, Argument = argument };

    /// <summary>An update about <paramref name="runId"/>, created and due at <paramref name="at"/> (or <see cref="T0"/>).</summary>
    public static SymOutboxMessage Message(string id, string? runId, DateTimeOffset? at = null, DateTimeOffset? dueAt = null) => new()
    {
        Id = id, Kind = SymNotificationKind.Update, RunId = runId, Update = new SymRunUpdate(SymRunUpdateKind.Approved, Approver, id),
        CreatedAt = at ?? T0, DueAt = dueAt ?? at ?? T0,
    };

    /// <summary>Messages of every kind a step sends, each with every member it uses set (the run snapshot is <paramref name="run"/>).</summary>
    public static List<SymOutboxMessage> EveryKindOfMessage(SymRun run)
    {
        List<SymOutboxMessage> messages = [];
        IReadOnlyList<RequestDestination> destinations = Destinations();
        for (int i = 0; i < destinations.Count; i++)
        {
            messages.Add(new SymOutboxMessage
            {
                Id = $"announce-{i}", Kind = SymNotificationKind.Announce, RunId = run.Id, Run = run, Destination = destinations[i],
                NotificationIndex = i + 1, CreatedAt = T0.AddTicks(i), DueAt = T0.AddSeconds(i),
            });
        }

        messages.Add(new SymOutboxMessage
        {
            Id = "update", Kind = SymNotificationKind.Update, RunId = run.Id, Run = run,
            Update = new SymRunUpdate(SymRunUpdateKind.Revoked, Full("unused").Requester, "revoked: “done” ünïcode"), CreatedAt = T0, DueAt = T0,
        });
        messages.Add(new SymOutboxMessage
        {
            Id = "requester", Kind = SymNotificationKind.Requester, RunId = run.Id, Run = run with { State = SymRunState.Active, MessageReference = "another snapshot" },
            Update = new SymRunUpdate(SymRunUpdateKind.AccessExpired), CreatedAt = T0, DueAt = T0,
        });
        messages.Add(new SymOutboxMessage
        {
            Id = "error", Kind = SymNotificationKind.Error, RunId = run.Id, Run = run, Channel = "#sym-errors",
            Error = new SymErrorReport
            {
                Flow = run.Flow, RunId = run.Id, Requester = run.Requester,
                Error = new SymRunError { Step = "escalate", Code = "Okta:USER_NOT_FOUND", Message = "no such user", Source = "strategy", Timestamp = T0.AddSeconds(1.5) },
            },
            CreatedAt = T0, DueAt = T0,
        });
        return messages;
    }

    public static SymInboxItem InboxItem(string id, DateTimeOffset? receivedAt = null) => new()
    {
        Id = id, Source = "slack/interactions", Body = $"payload={{\"id\":\"{id}\",\"text\":\"ünïcode “quoted”\"}}", ReceivedAt = receivedAt ?? T0,
    };
}
