using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Hosting.Internal.Slack;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Hosting.Tests.Storage;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Hosting.Tests.Slack;

/// <summary>
/// Slack deliveries are durable before the acknowledgement: recorded in the store's inbox before the 200, recognised when
/// received again, and finished by the recovery service after a crash.
/// </summary>
public sealed class SlackInboxTests
{
    private const string Commands = "/slack/commands";
    private const string Interactions = "/slack/interactions";

    [Fact]
    public async Task Interactions_SameSubmissionDeliveredThreeTimes_CreatesOneRequest()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();
        string body = slack.Submission("incident 42");

        HttpResponseMessage first = await slack.PostAsync(Interactions, body);
        HttpResponseMessage retry1 = await slack.PostAsync(Interactions, body, retryNum: "1");
        slack.Host.Time.Advance(TimeSpan.FromSeconds(30));
        HttpResponseMessage retry2 = await slack.PostAsync(Interactions, body, retryNum: "2");

        new[] { first, retry1, retry2 }.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK);
        (await retry2.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync(), "a duplicate gets the same answer");
        SymRun run = (await slack.RunsAsync()).Should().ContainSingle().Subject;
        run.Id.Should().Be(SlackInteractionHandler.GetDeliveryId(body)[..32]);
        slack.Slack.MessagesIn("C0REQUESTS").Should().ContainSingle();
        slack.Slack.DirectMessagesTo(slack.Alice.Id).Should().ContainSingle("the requester is told once");
        slack.Host.Time.Advance(TimeSpan.FromMinutes(3));
        (await slack.RecoverAsync()).Should().Be(0, "the delivery was processed: nothing is left to recover");
    }

    [Fact]
    public async Task Interactions_SameClickTwice_IsProcessedOnceAndTheSecondIsNotToldItWasIgnored()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();
        SymRun run = await SubmitAsync(slack);
        FakeSlackMessage announced = slack.Slack.MessagesIn("C0REQUESTS").Single();
        string click = SlackTestHost.Click(slack.Bob.Id, "sym_approve", run.Id, announced.ChannelId, announced.Ts);

        (await slack.PostAsync(Interactions, click)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await slack.PostAsync(Interactions, click, retryNum: "1")).StatusCode.Should().Be(HttpStatusCode.OK);

        slack.Host.Strategy.Count("escalate", run.Id).Should().Be(1);
        slack.Slack.Ephemerals.Should().BeEmpty("the duplicate was not processed, so nobody is told 'already approved'");
    }

    [Fact]
    public async Task Commands_SameCommandTwice_OpensOneModal()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();

        await slack.PostAsync(Commands, slack.Command());
        HttpResponseMessage again = await slack.PostAsync(Commands, slack.Command(), retryNum: "1");

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        slack.Slack.Views.Should().ContainSingle();
    }

    [Fact]
    public async Task Interactions_StoreFailsWhileRecording_Is503AndNothingHappens()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync(services: s => s.AddStore(InboxFailingStore.Create(new InMemorySymStore())));

        HttpResponseMessage response = await slack.PostAsync(Interactions, slack.Submission("incident 42"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "never a 200 for something not recorded");
        (await slack.RunsAsync()).Should().BeEmpty();
        slack.Slack.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task Commands_StoreFailsWhileRecording_Is503AndOpensNothing()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync(services: s => s.AddStore(InboxFailingStore.Create(new InMemorySymStore())));

        HttpResponseMessage response = await slack.PostAsync(Commands, slack.Command());

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        slack.Slack.Views.Should().BeEmpty();
    }

    [Fact]
    public async Task Interactions_AnswerWithoutBackgroundWork_IsNotRecorded()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync(services: s => s.AddStore(InboxFailingStore.Create(new InMemorySymStore())));

        HttpResponseMessage response = await slack.PostAsync(Interactions, slack.Submission(reason: null));

        response.StatusCode.Should().Be(HttpStatusCode.OK, "field errors change nothing, so there is nothing to record");
        (await response.Content.ReadAsStringAsync()).Should().Contain("response_action");
    }

    [Fact]
    public async Task Interactions_ClickAcknowledgedThenTheHostStops_IsProcessedByANewHostOverTheSameFile()
    {
        using var database = new TempDatabase();
        var slackWorkspace = new FakeSlackHolder();
        string runId;
        string click;
        await using (SlackTestHost before = await StartOnFileAsync(database, slackWorkspace))
        {
            SymRun run = await SubmitAsync(before);
            runId = run.Id;
            FakeSlackMessage announced = before.Slack.MessagesIn("C0REQUESTS").Single();
            click = SlackTestHost.Click(before.Bob.Id, "sym_approve", run.Id, announced.ChannelId, announced.Ts);
            using (await BlockQueueAsync(before))
            {
                // Acknowledged and recorded, but the host stops before the queue gets to it.
                (await before.PostAsync(Interactions, click, settle: false)).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            await before.SettleAsync();
            (await before.RunsAsync()).Single().State.Should().Be(SymRunState.Pending);
        }

        await using SlackTestHost after = await StartOnFileAsync(database, slackWorkspace);
        after.Host.Time.Advance(TimeSpan.FromSeconds(11)); // past the first host's claim (Sym:Slack:InboxLease)
        int recovered = await after.RecoverAsync();

        recovered.Should().Be(1);
        SymRun approved = (await after.RunsAsync()).Single();
        approved.Id.Should().Be(runId);
        approved.State.Should().Be(SymRunState.Active);
        after.Host.Strategy.Count("escalate", runId).Should().Be(1);
        after.Slack.UpdatesOf(after.Slack.MessagesIn("C0REQUESTS").Single().Ref).Should().NotBeEmpty();
        (await after.PostAsync(Interactions, click, retryNum: "1")).StatusCode.Should().Be(HttpStatusCode.OK);
        after.Host.Strategy.Count("escalate", runId).Should().Be(1, "the recovered delivery is recognised when Slack sends it again");
        (await after.RecoverAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Interactions_QueueFull_IsRecordedAnsweredAndProcessedByTheRecoveryOnceItsClaimLapses()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync(Settings);
        SymRun run = await SubmitAsync(slack);
        FakeSlackMessage announced = slack.Slack.MessagesIn("C0REQUESTS").Single();
        HttpResponseMessage response;
        using (await BlockQueueAsync(slack))
        {
            response = await slack.PostAsync(Interactions, SlackTestHost.Click(slack.Bob.Id, "sym_approve", run.Id, announced.ChannelId, announced.Ts),
                settle: false);
            (await slack.Host.App.Services.GetRequiredService<SlackInboxRecoveryService>().RecoverAsync(CancellationToken.None))
                .Should().Be(0, "the endpoint's claim still holds");
        }

        (await slack.RunsAsync()).Single().State.Should().Be(SymRunState.Pending);

        slack.Host.Time.Advance(TimeSpan.FromSeconds(11));
        await slack.RecoverAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await slack.RunsAsync()).Single().State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Recovery_ProcessingFailsTransiently_LeavesItForTheNextPassWhichProcessesIt()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync(Settings);
        SymRun run = await SubmitAsync(slack);
        FakeSlackMessage announced = slack.Slack.MessagesIn("C0REQUESTS").Single();
        slack.Slack.Faults.FailNext(1, "users.info", _ => new SymException(SlackErrorCodes.ServerError, "Slack failed."));

        await slack.PostAsync(Interactions, SlackTestHost.Click(slack.Bob.Id, "sym_approve", run.Id, announced.ChannelId, announced.Ts));
        SymRunState afterFirstAttempt = (await slack.RunsAsync()).Single().State;
        slack.Host.Time.Advance(TimeSpan.FromSeconds(11));
        int recovered = await slack.RecoverAsync();

        afterFirstAttempt.Should().Be(SymRunState.Pending);
        slack.Slack.Faults.Fired.Should().ContainSingle();
        slack.Slack.Ephemerals.Should().BeEmpty("a failure that may pass is retried, not told");
        recovered.Should().Be(1);
        (await slack.RunsAsync()).Single().State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Recovery_DeliveryPastItsMaxAttempts_IsAbandonedWithAnErrorAndNeverProcessed()
    {
        var logs = new ListLoggerProvider();
        await using SlackTestHost slack = await SlackTestHost.StartAsync(
            c =>
            {
                Settings(c);
                c["Sym:Slack:InboxMaxAttempts"] = "1";
            },
            s => s.AddSingleton<ILoggerProvider>(logs));
        SymRun run = await SubmitAsync(slack);
        FakeSlackMessage announced = slack.Slack.MessagesIn("C0REQUESTS").Single();
        using (await BlockQueueAsync(slack))
        {
            // A delivery whose first attempt never finished (the host died while processing it, say).
            await slack.PostAsync(Interactions, SlackTestHost.Click(slack.Bob.Id, "sym_approve", run.Id, announced.ChannelId, announced.Ts), settle: false);
        }

        slack.Host.Time.Advance(TimeSpan.FromSeconds(11));
        await slack.RecoverAsync();
        slack.Host.Time.Advance(TimeSpan.FromSeconds(11));
        int later = await slack.RecoverAsync();

        (await slack.RunsAsync()).Single().State.Should().Be(SymRunState.Pending);
        logs.Lines.Should().Contain(l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("Gave up on Slack delivery", StringComparison.Ordinal));
        later.Should().Be(0, "an abandoned delivery is marked processed, so it never comes back");
    }

    [Fact]
    public async Task Recovery_ProcessedDeliveriesOlderThanTheRetention_ArePurgedAndNoLongerRecognised()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync(c =>
        {
            Settings(c);
            c["Sym:Slack:InboxRetention"] = "00:10:00";
        });
        await slack.RecoverAsync(); // the first pass purges at once; the next purge is an hour later
        SymRun run = await SubmitAsync(slack);
        FakeSlackMessage announced = slack.Slack.MessagesIn("C0REQUESTS").Single();
        string click = SlackTestHost.Click(slack.Bob.Id, "sym_approve", run.Id, announced.ChannelId, announced.Ts);
        await slack.PostAsync(Interactions, click);
        await slack.PostAsync(Interactions, click, retryNum: "1");
        int toldWhileKept = slack.Slack.Ephemerals.Count;

        slack.Host.Time.Advance(TimeSpan.FromHours(1));
        await slack.RecoverAsync();
        await slack.PostAsync(Interactions, click);

        toldWhileKept.Should().Be(0, "within the retention the same click is a duplicate, not processed again");
        slack.Slack.EphemeralsTo(slack.Bob.Id).Should().ContainSingle("purged, the click is new again: the engine ignores it and says why")
            .Which.Text.Should().Contain("already approved");
        slack.Host.Strategy.Count("escalate", run.Id).Should().Be(1);
    }

    [Theory]
    [InlineData("InboxRetention", "00:04:59", "Sym:Slack:InboxRetention must be between 00:05:00")]
    [InlineData("InboxLease", "00:00:01", "Sym:Slack:InboxLease must be between")]
    [InlineData("InboxPollInterval", "00:10:00", "Sym:Slack:InboxPollInterval must be between")]
    [InlineData("InboxMaxAttempts", "0", "Sym:Slack:InboxMaxAttempts must be between 1 and 100")]
    public async Task Startup_InboxSettingOutOfRange_FailsNamingIt(string setting, string value, string message)
    {
        Func<Task> start = async () => await (await SlackTestHost.StartAsync(c => c[$"Sym:Slack:{setting}"] = value)).DisposeAsync();

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which.Message.Should().Contain(message);
    }

    [Fact]
    public void SlackHostOptions_Defaults_AreTheDocumentedOnes()
    {
        var options = new SlackHostOptions();

        options.InboxLease.Should().Be(TimeSpan.FromMinutes(2));
        options.InboxPollInterval.Should().Be(TimeSpan.FromSeconds(5));
        options.InboxMaxAttempts.Should().Be(5);
        options.InboxRetention.Should().Be(TimeSpan.FromDays(1));
    }

    /// <summary>
    /// A short lease (so a test moves past it), a long poll (so the hosted loop stays out of the way of a test's own
    /// passes), and a small queue with one worker (so a test can fill it).
    /// </summary>
    private static void Settings(Dictionary<string, string?> c)
    {
        c["Sym:Slack:InboxLease"] = "00:00:10";
        c["Sym:Slack:InboxPollInterval"] = "00:05:00";
        c["Sym:Slack:BackgroundQueueCapacity"] = "2";
        c["Sym:Slack:BackgroundConcurrency"] = "1";
    }

    private static Task<SlackTestHost> StartOnFileAsync(TempDatabase database, FakeSlackHolder workspace) => SlackTestHost.StartAsync(
        Settings,
        s => s.AddSym().UseSqliteStore(database.Path),
        workspace.Slack);

    private static async Task<SymRun> SubmitAsync(SlackTestHost slack)
    {
        (await slack.PostAsync(Interactions, slack.Submission("incident 42"))).StatusCode.Should().Be(HttpStatusCode.OK);
        return (await slack.RunsAsync()).Should().ContainSingle().Subject;
    }

    /// <summary>
    /// Fills the background queue (one worker, see <see cref="Settings"/>) with work that waits: the worker holds the first
    /// item, the rest fill the queue, so the next delivery is recorded but not queued.
    /// </summary>
    private static async Task<IDisposable> BlockQueueAsync(SlackTestHost slack)
    {
        SlackBackgroundQueue queue = slack.Host.App.Services.GetRequiredService<SlackBackgroundQueue>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.TryEnqueue(async _ =>
        {
            held.TrySetResult();
            await release.Task;
        }).Should().BeTrue();
        await held.Task;
        while (queue.TryEnqueue(_ => release.Task))
        {
        }

        return new Release(release);
    }

    private sealed class Release(TaskCompletionSource release) : IDisposable
    {
        public void Dispose() => release.TrySetResult();
    }

    /// <summary>One workspace shared by the hosts of a restart.</summary>
    private sealed class FakeSlackHolder
    {
        public FakeSlackHolder()
        {
            Slack = new FakeSlack();
            Slack.AddUser("alice", "alice@example.com", id: "U0ALICE", displayName: "Alice");
            Slack.AddUser("bob", "bob@example.com", id: "U0BOB", displayName: "Bob");
            Slack.AddUser("carol", "carol@example.com", id: "U0CAROL");
            Slack.AddChannel("sym-requests", id: "C0REQUESTS", members: ["U0ALICE", "U0BOB", "U0CAROL"]);
            Slack.AddChannel("sym-errors", id: "C0ERRORS", members: ["U0BOB"]);
        }

        public FakeSlack Slack { get; }
    }

    /// <summary>A store whose inbox cannot record anything (a locked or full disk); everything else works.</summary>
    public class InboxFailingStore : DispatchProxy
    {
        private ISymStore _inner = null!;

        internal static ISymStore Create(ISymStore inner)
        {
            ISymStore proxy = Create<ISymStore, InboxFailingStore>();
            ((InboxFailingStore)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            return targetMethod.Name == nameof(ISymInbox.TryAddInboxItemAsync)
                ? ValueTask.FromException<SymInboxItem?>(new SymException("Storage:BUSY", "The store stayed locked while adding to the inbox."))
                : targetMethod.Invoke(_inner, args);
        }
    }
}
