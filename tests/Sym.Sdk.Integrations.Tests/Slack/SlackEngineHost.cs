using Sym.Sdk.Integrations.Slack.BlockKit;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack;

/// <summary>
/// The real engine with <see cref="SlackNotifier"/> over a <see cref="FakeSlack"/> workspace (alice requests, bob approves,
/// carol is a bystander), a fake clock, and a flow whose permissions, approvers and strategy a test sets.
/// </summary>
internal sealed class SlackEngineHost : IDisposable
{
    public const string FlowName = "custom_access";

    private readonly ServiceProvider _provider;

    public SlackEngineHost(Action<FlowOptions>? configure = null, FakeSlack? slack = null, InMemorySymStore? store = null,
        Action<IServiceCollection>? services = null, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        if (slack is null)
        {
            Slack = new FakeSlack(Time);
            Alice = Slack.AddUser("alice", "alice@example.com", id: "U0ALICE", displayName: "Alice");
            Bob = Slack.AddUser("bob", "bob@example.com", id: "U0BOB", displayName: "Bob");
            Carol = Slack.AddUser("carol", "carol@example.com", id: "U0CAROL");
            Requests = Slack.AddChannel("sym-requests", id: "C0REQUESTS", members: [Alice.Id, Bob.Id, Carol.Id]);
            ErrorsChannel = Slack.AddChannel("sym-errors", id: "C0ERRORS", members: [Bob.Id]);
        }
        else
        {
            Slack = slack;
            Alice = slack.Users.Single(u => u.Name == "alice");
            Bob = slack.Users.Single(u => u.Name == "bob");
            Carol = slack.Users.Single(u => u.Name == "carol");
            Requests = slack.Channels.Single(c => c.Name == "sym-requests");
            ErrorsChannel = slack.Channels.Single(c => c.Name == "sym-errors");
        }

        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddSingleton<ISlackClient>(Slack);
        collection.AddSingleton(Flow);
        collection.AddSingleton(Strategy);
        if (store is not null)
        {
            collection.AddSingleton(store);
        }

        collection.AddSym(o => o.JitterSeed = 7)
            .AddFlow<TestFlow>(FlowName, f => f.UseStrategy<TestStrategy>().Configure(o =>
            {
                o.Label = "Custom access";
                o.AllowedDurations.Add("1h");
                o.AllowedDurations.Add("4h");
                o.MaxDuration = "1d";
                o.Targets.Add(new AccessTargetOptions { Name = "prod", Label = "Production DB" });
                o.Targets.Add(new AccessTargetOptions { Name = "staging", Label = "Staging DB" });
                o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string", Label = "Reason" });
                o.Fields.Add(new PromptFieldOptions { Name = "ticket", Type = "string", Label = "Ticket", Required = false });
                configure?.Invoke(o);
            }))
            .UseSlackNotifier();
        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(validateScopes: true);
        Engine = _provider.GetRequiredService<SymEngine>();
        Store = _provider.GetRequiredService<InMemorySymStore>();
    }

    public FakeTimeProvider Time { get; }

    public FakeSlack Slack { get; }

    public SlackUserInfo Alice { get; }

    public SlackUserInfo Bob { get; }

    public SlackUserInfo Carol { get; }

    public FakeSlackChannel Requests { get; }

    public FakeSlackChannel ErrorsChannel { get; }

    public TestFlow Flow { get; } = new();

    public TestStrategy Strategy { get; } = new();

    public SymEngine Engine { get; }

    public InMemorySymStore Store { get; }

    public IServiceProvider Services => _provider;

    public SlackInteractionHandler Handler => _provider.GetRequiredService<SlackInteractionHandler>();

    public User AliceUser => SymUser(Alice);

    public User BobUser => SymUser(Bob);

    public User CarolUser => SymUser(Carol);

    public static User SymUser(SlackUserInfo info) => new()
    {
        Username = info.Email!, Name = info.DisplayName, Identities = [new UserIdentity { Service = "slack", ServiceId = info.TeamId, UserId = info.Id }],
    };

    /// <summary>Delivers what the steps so far put in the outbox (as a host's scheduler would), and returns how many were delivered.</summary>
    public Task<int> DeliverAsync() => Engine.DeliverDueMessagesAsync();

    /// <summary>Runs the slow part of a handler's answer, then delivers what it put in the outbox.</summary>
    public async Task RunAsync(SlackInteractionResult result)
    {
        await result.RunBackgroundAsync();
        await DeliverAsync();
    }

    /// <summary>Alice requests prod for an hour (through the API, not Slack); the announcement is delivered and the run read back.</summary>
    public async Task<SymRun> RequestAsync(string? ticket = "INC-7")
    {
        SymActionResult result = await Engine.RequestAsync(new AccessRequest
        {
            Flow = FlowName,
            Requester = AliceUser,
            Target = "prod",
            Duration = TimeSpan.FromHours(1),
            Reason = "Investigate <INC-7> & fix",
            Fields = ticket is null ? null : new Dictionary<string, System.Text.Json.JsonElement> { ["ticket"] = SymFieldValue.String(ticket) },
            SourceChannel = "api",
        });
        result.Status.Should().Be(SymActionStatus.Applied, result.Message);
        await DeliverAsync();
        return await RunAsync(result.Run!.Id);
    }

    public async Task<SymRun> RunAsync(string id) => (await Engine.GetRunAsync(id))!;

    /// <summary>A Slack message as a person reads it, with the run's random id replaced so snapshots are stable.</summary>
    public static string Readable(FakeSlackMessage message, string runId) =>
        new JsonObject { ["text"] = message.Text, ["blocks"] = (message.Blocks is null ? null : JsonNode.Parse(SlackBlock.ToJson(message.Blocks))) }
            .ToJsonString(SnapshotJson.Options).Replace(runId, "RUN_ID", StringComparison.Ordinal);

    /// <summary>A message's blocks as JSON text with &lt;, &gt; and &amp; left readable, for assertions.</summary>
    public static string BlocksOf(FakeSlackMessage message) =>
        (message.Blocks is null ? null : JsonNode.Parse(SlackBlock.ToJson(message.Blocks))!.AsArray())?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        ?? string.Empty;

    public void Dispose() => _provider.Dispose();
}

/// <summary>Bob approves (by email); the request goes to the flow's request channel unless a test sets approvers.</summary>
internal sealed class TestFlow : FlowImplementation
{
    public RequestPermission Permission { get; set; } = RequestPermission.ForUsers(["bob@example.com"]);

    public RequestDestination? Approvers { get; set; }

    /// <summary>The options a field marked Prefetch gets when the form opens, by field name.</summary>
    public Dictionary<string, IReadOnlyList<Sym.Sdk.Forms.FieldOption>> Prefetched { get; } = new(StringComparer.Ordinal);

    public override ValueTask<IReadOnlyList<Sym.Sdk.Forms.FieldOption>?> PrefetchFieldOptionsAsync(Sym.Sdk.Forms.PromptField field, Event evt,
        CancellationToken cancellationToken = default) => new(Prefetched.GetValueOrDefault(field.Name));

    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default) => new(Permission);

    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default) => new(Approvers);
}

/// <summary>Grants and revokes nothing, counting calls; escalation fails on demand with a message holding a secret.</summary>
internal sealed class TestStrategy : AccessStrategy
{
    public int Escalations;
    public int Deescalations;

    public bool FailEscalate { get; set; }

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Escalations);
        if (FailEscalate)
        {
            throw new InvalidOperationException("The group API refused: token=xoxb-1111-2222-SECRETVALUE");
        }

        return new(StrategyOutput.Applied());
    }

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Deescalations);
        return new(StrategyOutput.Applied());
    }
}
