using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Flows;
using Sym.Sdk.Requests;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Testing.Tests.Crash;

/// <summary>
/// Every lifecycle the engine has, as crash-test stories over one small flow that grants through an HTTP API (a
/// FakeHttpHandler shared by the crashed and the recovering process). Shared by the in-memory and the SQLite crash tests.
/// </summary>
public static class CrashStories
{
    public const string Flow = "crash_access";

    public static readonly User Alice = FakeEvents.User("alice@example.com", slackId: "U0ALICE");
    public static readonly User Bob = FakeEvents.User("bob@example.com", slackId: "U0BOB");
    public static readonly User Carol = FakeEvents.User("carol@example.com", slackId: "U0CAROL");
    public static readonly User Mallory = FakeEvents.User("mallory@example.com");

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>The stories' names, for a theory.</summary>
    public static TheoryData<string> Names => [.. Stories.Keys];

    public static IReadOnlyDictionary<string, Story> Stories { get; } = new Dictionary<string, Story>(StringComparer.Ordinal)
    {
        ["expiry"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.ApproveAsync(Bob);
            await h.AdvanceAsync(Hour);
        }),
        ["revoke"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromMinutes(10));
            await run.RevokeAsync(Bob, "done early");
        }),
        ["relinquish"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromMinutes(10));
            await run.RelinquishAsync(Alice);
        }),
        ["extend"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromMinutes(50));
            await run.ExtendAsync(Alice, Hour, "still debugging");
            await run.ApproveExtensionAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromHours(2));
        }),
        ["quorum"] = new(o => o.RequiredApprovals = 2, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.ApproveAsync(Bob);
            await run.ApproveAsync(Mallory); // not an approver: ignored
            await run.ApproveAsync(Carol);
            await h.AdvanceAsync(Hour);
        }),
        ["forward"] = new(o => o.Vars["forward"] = "true", async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await h.AdvanceAsync(TimeSpan.FromMinutes(6)); // the first destination timed out: forwarded to the second
            await run.ApproveAsync(Bob);
            await h.AdvanceAsync(Hour);
        }),
        ["forward-exhausted"] = new(o => o.Vars["forward"] = "true", async h =>
        {
            await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await h.AdvanceAsync(TimeSpan.FromMinutes(11)); // both destinations timed out: the request expires
        }),
        ["request-expiry"] = new(o => o.RequestLifetime = "2h", async h =>
        {
            await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await h.AdvanceAsync(TimeSpan.FromHours(3));
        }),
        ["deny"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.DenyAsync(Bob, "not during the freeze");
        }),
        ["cancel"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.CancelAsync(Alice);
        }),
        ["failing-escalate"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.ApproveAsync(Bob);
        }, FailPost: 1),
        ["failing-escalate-nothing-to-revoke"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.ApproveAsync(Bob);
        }, FailPost: 1, DeleteGone: true),
        ["deescalate-failing-3-times"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await run.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromHours(2));
        }, FailDelete: 3),
        ["hook-approves"] = new(_ => { }, async h =>
        {
            await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "auto");
            await h.AdvanceAsync(Hour);
        }),
        ["hook-approve-ignored-by-on-approve"] = new(_ => { }, async h =>
        {
            // OnRequestAsync approves, the fired approve's OnApproveAsync ignores it: the request is announced and decided by a person.
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "auto, then ignored");
            await run.ApproveAsync(Bob);
            await h.AdvanceAsync(Hour);
        }),
        ["approval-only"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, reason: "deploy window");
            await run.ApproveAsync(Bob);
        }, ApprovalOnly: true),
        ["approval-only-hook-approves"] = new(_ => { }, async h =>
        {
            await h.RequestAsync(Alice, reason: "auto");
            await h.AdvanceAsync(Hour);
        }, ApprovalOnly: true),
        ["hook-revokes-at-escalate"] = new(_ => { }, async h =>
        {
            HarnessRun run = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "escalate then revoke");
            await run.ApproveAsync(Bob);
        }),

        // Overlapping runs: one requester's runs for one target of one flow share a grant, revoked once, when the last ends.
        ["overlap-first-ends-first"] = new(_ => { }, async h =>
        {
            HarnessRun first = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await first.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromMinutes(30));
            HarnessRun second = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 43");
            await second.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromHours(2));
        }),
        ["overlap-second-ends-first"] = new(o => o.AllowedDurations.Add("4h"), async h =>
        {
            HarnessRun first = await h.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(4), reason: "incident 42");
            await first.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromMinutes(30));
            HarnessRun second = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 43");
            await second.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromHours(5));
        }),
        ["overlap-revoke-one"] = new(_ => { }, async h =>
        {
            HarnessRun first = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await first.ApproveAsync(Bob);
            HarnessRun second = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 43");
            await second.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromMinutes(10));
            await first.RevokeAsync(Bob, "done with this one");
            await h.AdvanceAsync(Hour);
        }),
        ["overlap-extended-first"] = new(_ => { }, async h =>
        {
            HarnessRun first = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await first.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromMinutes(30));
            HarnessRun second = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 43");
            await second.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromMinutes(20));
            await first.ExtendAsync(Alice, Hour, "still debugging");
            await first.ApproveExtensionAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromHours(3));
        }),
        ["overlap-second-escalate-fails"] = new(_ => { }, async h =>
        {
            HarnessRun first = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
            await first.ApproveAsync(Bob);
            HarnessRun second = await h.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 43");
            await second.ApproveAsync(Bob);
            await h.AdvanceAsync(TimeSpan.FromHours(2));
        }, FailPostCalls: [2]),
    };

    /// <summary>Registers the flow and its strategy, the grants API of the scenario's world, and its typed client.</summary>
    public static void Setup(Story story, SymFlowHarnessBuilder builder, SymCrashScenario scenario)
    {
        FakeHttpHandler api = scenario.Shared(() => GrantsApi(story));
        if (story.ApprovalOnly)
        {
            builder.AddFlow<CrashFlow>(Flow, o =>
            {
                o.Vars["request_channel"] = "#access";
                o.Vars["approvers"] = "bob@example.com,carol@example.com";
                o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
                story.Configure(o);
            });
            builder.Use(api);
            return;
        }

        builder.AddFlow<CrashFlow, CrashStrategy>(Flow, o =>
        {
            o.Vars["request_channel"] = "#access";
            o.Vars["approvers"] = "bob@example.com,carol@example.com";
            o.AllowedDurations.Add("1h");
            o.MaxDuration = "1d";
            o.Targets.Add(new AccessTargetOptions { Name = "prod", Label = "Production", Settings = { ["identifier"] = "db-prod" } });
            o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
            story.Configure(o);
        });
        builder.Use(api);
        builder.Services.AddHttpClient("grants", c => c.BaseAddress = new Uri("https://grants.example.com"));
    }

    private static FakeHttpHandler GrantsApi(Story story)
    {
        var api = new FakeHttpHandler();
        api.On(HttpMethod.Post, "/grants").Respond(System.Net.HttpStatusCode.Created);
        api.On(HttpMethod.Delete, "/grants/**").Respond(story.DeleteGone ? System.Net.HttpStatusCode.NotFound : System.Net.HttpStatusCode.NoContent);
        if (story.FailPost > 0)
        {
            api.Faults.FailNext(story.FailPost, "POST");
        }

        if (story.FailPostCalls is { } numbers)
        {
            api.Faults.FailCalls(numbers, "POST");
        }

        if (story.FailDelete > 0)
        {
            api.Faults.FailNext(story.FailDelete, "DELETE");
        }

        return api;
    }

    /// <summary>
    /// A story: how the flow is configured, what happens, and how the grants API fails (the first <c>FailPost</c> grants,
    /// the grants numbered in <c>FailPostCalls</c>, the first <c>FailDelete</c> revokes).
    /// </summary>
    public sealed record Story(Action<FlowOptions> Configure, Func<SymFlowHarness, Task> Play, int FailPost = 0, int FailDelete = 0, bool DeleteGone = false,
        int[]? FailPostCalls = null, bool ApprovalOnly = false);
}

/// <summary>
/// The crash tests' flow: approvers from the <c>approvers</c> var, announced to <c>request_channel</c> (or, with the
/// <c>forward</c> var, to two channels that time out after 5 minutes each); a request with reason <c>auto</c> is
/// approved by OnRequestAsync (and with reason <c>auto, then ignored</c> that approval's OnApproveAsync ignores it); one
/// with reason <c>escalate then revoke</c> is revoked by OnEscalateAsync. OnApproveAsync tells a hook's approval from a
/// person's by <see cref="Event.IsInternal"/>, as Sym's flows check <c>event.channel.type</c>.
/// </summary>
public sealed class CrashFlow : FlowImplementation
{
    public override ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(evt.Flow.Vars.TryGetValue("forward", out string? forward) && forward == "true"
            ? [Notification.To(new SlackChannelName("first-line"), TimeSpan.FromMinutes(5)), Notification.To(new SlackChannelName("second-line"), TimeSpan.FromMinutes(5))]
            : null);

    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(new SlackChannelName(evt.Flow.Vars["request_channel"]));

    public override ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(evt.Fields.Reason is "auto" or "auto, then ignored" ? ApprovalTemplate.Approve("approved by the flow") : null);

    public override ValueTask<TemplateStep?> OnApproveAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(evt.IsInternal
            ? evt.Fields.Reason == "auto, then ignored" ? Template.Ignore("Not this time: a person decides.") : null
            : evt.Flow.Vars["approvers"].Split(',').Contains(evt.User.Email, StringComparer.OrdinalIgnoreCase)
                ? null
                : Template.Ignore("You are not authorized to approve this request."));

    public override ValueTask<TemplateStep?> OnEscalateAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(evt.Fields.Reason == "escalate then revoke" ? ApprovalTemplate.Deescalate("revoked by the flow") : null);
}

/// <summary>Grants through the grants API; a revoke the API answers 404 for is permanent ("nothing to revoke").</summary>
public sealed class CrashStrategy(IHttpClientFactory clients) : AccessStrategy
{
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
        using HttpResponseMessage response = await clients.CreateClient("grants").PostAsJsonAsync("/grants", new { identity, target = targetId }, cancellationToken);
        return response.IsSuccessStatusCode ? StrategyOutput.Applied() : throw new SymException("Grants:FAILED", $"The grants API answered {(int)response.StatusCode}.");
    }

    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
        using HttpResponseMessage response = await clients.CreateClient("grants").DeleteAsync($"/grants/{identity}/{targetId}", cancellationToken);
        return response.StatusCode switch
        {
            System.Net.HttpStatusCode.NotFound => throw new SymNotFoundException("Grants:NO_SUCH_USER", $"The grants API has no user {identity}."),
            _ when response.IsSuccessStatusCode => StrategyOutput.Applied(),
            _ => throw new SymException("Grants:FAILED", $"The grants API answered {(int)response.StatusCode}."),
        };
    }
}
