using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter;
using Snapshooter.Xunit;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack.Interactivity;

public sealed class SlackInteractionHandlerTests : IDisposable
{
    private readonly SlackEngineHost _host = new(services: s => s.Configure<SlackInteractionOptions>(o => o.Admins.Add("admin@example.com")));

    public void Dispose() => _host.Dispose();

    private SlackInteractionHandler Handler => _host.Handler;

    // ---- slash command ----

    [Fact]
    public async Task HandleSlashCommandAsync_SymReq_AcksThenOpensTheRequestModal()
    {
        SlackInteractionResult result = await Handler.HandleSlashCommandAsync(Command("req"));

        result.StatusCode.Should().Be(200);
        result.Body.Should().BeNull("Slack must get an empty 200 within 3 seconds");
        _host.Slack.Views.Should().BeEmpty("the modal opens after the answer");
        await _host.RunAsync(result);

        FakeSlackView view = _host.Slack.Views.Should().ContainSingle().Subject;
        view.TriggerId.Should().Be("trig-1");
        view.View["private_metadata"]!.GetValue<string>().Should().Be(SlackEngineHost.FlowName);
        view.View["blocks"]!.AsArray().Select(b => b!["block_id"]!.GetValue<string>()).Should().Equal("target", "duration", "reason", "ticket");
        Snapshot.Match(view.View.ToJsonString(SnapshotJson.Options));
    }

    [Fact]
    public async Task HandleSlashCommandAsync_NamedFlow_OpensThatFlow()
    {
        SlackInteractionResult result = await Handler.HandleSlashCommandAsync(Command("request custom_access"));
        await _host.RunAsync(result);

        _host.Slack.Views.Should().ContainSingle();
    }

    [Theory]
    [InlineData("", "Usage: `/sym req [flow]`")]
    [InlineData("help", "Usage: `/sym req [flow]`")]
    [InlineData("req nope", "There is no flow named `nope`")]
    public async Task HandleSlashCommandAsync_NotARequest_AnswersEphemerallyAndDoesNothing(string text, string expected)
    {
        SlackInteractionResult result = await Handler.HandleSlashCommandAsync(Command(text));

        result.StatusCode.Should().Be(200);
        result.HasBackgroundWork.Should().BeFalse();
        JsonNode body = JsonNode.Parse(result.Body!)!;
        body["response_type"]!.GetValue<string>().Should().Be("ephemeral");
        body["text"]!.GetValue<string>().Should().Contain(expected).And.Contain("`custom_access`");
    }

    [Fact]
    public async Task HandleSlashCommandAsync_OtherCommand_AnswersWhichCommandItServes()
    {
        SlackInteractionResult result = await Handler.HandleSlashCommandAsync(Command("req", command: "/other"));

        result.HasBackgroundWork.Should().BeFalse();
        result.Body.Should().Contain("This app answers /sym");
    }

    [Theory]
    [InlineData("text=req&user_id=U0ALICE&trigger_id=t")]
    [InlineData("command=%2Fsym&text=req&trigger_id=t")]
    [InlineData("command=%2Fsym&text=req&user_id=U0ALICE")]
    public async Task HandleSlashCommandAsync_MissingField_RejectsWithTypedError(string body)
    {
        SlackInteractionResult result = await Handler.HandleSlashCommandAsync(body);

        result.StatusCode.Should().Be(400);
        result.Error!.ErrorCode.Should().Be(SlackErrorCodes.InvalidPayload);
        result.HasBackgroundWork.Should().BeFalse();
        _host.Slack.Views.Should().BeEmpty();
    }

    [Fact]
    public async Task HandleSlashCommandAsync_TriggerExpired_TellsTheUserToRetry()
    {
        _host.Slack.ExpireTriggerId("trig-1");

        SlackInteractionResult result = await Handler.HandleSlashCommandAsync(Command("req"));
        await _host.RunAsync(result);

        _host.Slack.Views.Should().BeEmpty();
        FakeSlackMessage told = _host.Slack.Ephemerals.Should().ContainSingle().Subject;
        told.VisibleTo.Should().Be(_host.Alice.Id);
        told.ChannelId.Should().Be(_host.Requests.Id);
        told.Text.Should().Contain("took too long");
    }

    // ---- view_submission ----

    [Fact]
    public async Task HandleInteractionAsync_ValidSubmission_ClosesModalThenRequestsAsTheSlackUser()
    {
        SlackInteractionResult result = await Handler.HandleInteractionAsync(Submission(reason: "incident 42"));

        result.StatusCode.Should().Be(200);
        result.Body.Should().BeNull("an empty 200 closes the modal");
        _host.Slack.Messages.Should().BeEmpty("the request is made after the answer");
        await _host.RunAsync(result);

        FakeSlackMessage announced = _host.Slack.MessagesIn("sym-requests").Should().ContainSingle().Subject;
        string runId = SlackEngineHost.BlocksOf(announced).Split("\"value\":\"")[1].Split('"')[0];
        SymRun run = await _host.RunAsync(runId);
        run.Requester.Username.Should().Be("alice@example.com");
        run.Requester.Identity("slack")!.UserId.Should().Be(_host.Alice.Id);
        run.Requester.Identity("slack")!.ServiceId.Should().Be("T0FAKE");
        run.Target!.Name.Should().Be("prod");
        run.Duration.Should().Be(TimeSpan.FromHours(4));
        run.Fields.Reason.Should().Be("incident 42");
        run.SourceChannel.Should().Be("slack");
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle().Which.Text.Should().Contain("Your request for *Production DB* was submitted.");
    }

    [Fact]
    public async Task HandleInteractionAsync_SubmissionMissingRequiredField_AnswersErrorsKeyedByBlock()
    {
        SlackInteractionResult result = await Handler.HandleInteractionAsync(Submission(reason: null));

        result.StatusCode.Should().Be(200);
        result.HasBackgroundWork.Should().BeFalse();
        JsonNode body = JsonNode.Parse(result.Body!)!;
        body["response_action"]!.GetValue<string>().Should().Be("errors");
        body["errors"]!.AsObject().Select(kv => kv.Key).Should().Equal("reason");
        _host.Slack.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task HandleInteractionAsync_SubmissionTheEngineRejects_AnswersItsErrorsBeforeAcknowledging()
    {
        using var host = new SlackEngineHost(o => o.AllowedSources.Add("api"));

        SlackInteractionResult result = await host.Handler.HandleInteractionAsync(Submission(reason: "x"));

        result.HasBackgroundWork.Should().BeFalse();
        JsonNode body = JsonNode.Parse(result.Body!)!;
        body["response_action"]!.GetValue<string>().Should().Be("errors");
        body["errors"]!["target"]!.GetValue<string>().Should().Contain("Requests from 'slack' are not allowed");
        host.Slack.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task HandleInteractionAsync_SubmissionByGuestLookedUpBefore_AnswersTheEnginesRefusal()
    {
        _host.Slack.SetRestricted(_host.Alice.Id);
        await _host.RunAsync(await Handler.HandleSlashCommandAsync(Command("req"))); // users.info looked her up (and the prompt refused her)

        SlackInteractionResult result = await Handler.HandleInteractionAsync(Submission(reason: "x"));

        result.HasBackgroundWork.Should().BeFalse();
        JsonNode.Parse(result.Body!)!["errors"]!["target"]!.GetValue<string>().Should().Be("Guests may not request access in this flow.");
    }

    [Fact]
    public async Task HandleInteractionAsync_SubmitterNotLookedUpYet_AnswersWithoutCallingSlack()
    {
        int callsBefore = _host.Slack.Faults.Calls;

        SlackInteractionResult result = await Handler.HandleInteractionAsync(Submission(reason: "incident 42"));

        result.Body.Should().BeNull("an empty 200 closes the modal");
        result.HasBackgroundWork.Should().BeTrue();
        _host.Slack.Faults.Calls.Should().Be(callsBefore, "the answer has 3 seconds and never waits on Slack's Web API");
        await _host.RunAsync(result);
        _host.Slack.MessagesIn("sym-requests").Should().ContainSingle("the request is made after the answer, as the Slack user");
    }

    [Fact]
    public async Task HandleInteractionAsync_GuestNotLookedUpYet_AcknowledgesThenTellsThemTheRefusal()
    {
        _host.Slack.SetRestricted(_host.Alice.Id);

        SlackInteractionResult result = await Handler.HandleInteractionAsync(Submission(reason: "x"));

        result.Body.Should().BeNull();
        await _host.RunAsync(result);
        _host.Slack.MessagesIn("sym-requests").Should().BeEmpty();
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle()
            .Which.Text.Should().Be("Your request could not be submitted: Guests may not request access in this flow.");
    }

    [Fact]
    public async Task HandleSlashCommandAsync_PromptRefusedForGuest_TellsThemOnceAndOpensNothing()
    {
        _host.Slack.SetRestricted(_host.Alice.Id);

        await _host.RunAsync(await Handler.HandleSlashCommandAsync(Command("req")));

        _host.Slack.Views.Should().BeEmpty();
        _host.Slack.EphemeralsTo(_host.Alice.Id).Should().ContainSingle().Which.Text.Should().Contain("Guests may not request access");
        _host.Slack.DirectMessages.Should().BeEmpty();
    }

    // ---- prefetched options ----

    private static SlackEngineHost PrefetchHost(int options = 2, string type = "string")
    {
        var host = new SlackEngineHost(o => o.Fields.Add(new PromptFieldOptions { Name = "region", Type = type, Label = "Region", Prefetch = true }));
        string[] values = ["eu-1", "us-1", .. Enumerable.Range(0, Math.Max(0, options - 2)).Select(i => $"region-with-a-long-name-{i:D4}")];
        host.Flow.Prefetched["region"] = [.. values.Select(v => new Sym.Sdk.Forms.FieldOption(v))];
        return host;
    }

    private static async Task<string> OpenModalAsync(SlackEngineHost host)
    {
        string command = $"command=%2Fsym&text=req&user_id={host.Alice.Id}&channel_id={host.Requests.Id}&team_id=T0FAKE&trigger_id=trig-1";
        await host.RunAsync(await host.Handler.HandleSlashCommandAsync(command));
        return host.Slack.Views.Should().ContainSingle().Subject.View["private_metadata"]!.GetValue<string>();
    }

    private static async Task<List<SymRun>> RunsAsync(SlackEngineHost host)
    {
        var runs = new List<SymRun>();
        await foreach (SymRun run in host.Store.ListRunsAsync())
        {
            runs.Add(run);
        }

        return runs;
    }

    private static JsonObject Chosen(params string[] values) => values.Length == 1
        ? new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = values[0] } }
        : new JsonObject { ["type"] = "multi_static_select", ["selected_options"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["value"] = v })]) };

    [Fact]
    public async Task HandleInteractionAsync_PrefetchedChoiceThatWasShown_IsAccepted()
    {
        using SlackEngineHost host = PrefetchHost();
        string metadata = await OpenModalAsync(host);
        metadata.Should().StartWith("{").And.Contain("\"flow\":\"custom_access\"").And.Contain("\"region\"");

        SlackInteractionResult result = await host.Handler.HandleInteractionAsync(Submission("x", flow: metadata, extra: new JsonObject { ["region"] = Chosen("us-1") }));

        result.Body.Should().BeNull("an empty 200 closes the modal");
        await host.RunAsync(result);
        host.Slack.MessagesIn("sym-requests").Should().ContainSingle();
        SymRun run = (await RunsAsync(host)).Should().ContainSingle().Subject;
        run.Fields["region"].GetString().Should().Be("us-1");
    }

    [Fact]
    public async Task HandleInteractionAsync_PrefetchedChoiceThatWasNotShown_AnswersErrorsNamingTheBlock()
    {
        using SlackEngineHost host = PrefetchHost();
        string metadata = await OpenModalAsync(host);

        SlackInteractionResult result = await host.Handler.HandleInteractionAsync(Submission("x", flow: metadata, extra: new JsonObject { ["region"] = Chosen("ap-9") }));

        result.StatusCode.Should().Be(200);
        result.HasBackgroundWork.Should().BeFalse();
        JsonNode body = JsonNode.Parse(result.Body!)!;
        body["response_action"]!.GetValue<string>().Should().Be("errors");
        body["errors"]!.AsObject().Select(kv => (kv.Key, kv.Value!.GetValue<string>())).Should().Equal(("region", "Choose one of the listed options."));
        host.Slack.Messages.Should().BeEmpty();
        (await RunsAsync(host)).Should().BeEmpty();
    }

    [Fact]
    public async Task HandleInteractionAsync_PrefetchedMultiChoiceWithOneValueNotShown_AnswersErrors()
    {
        using SlackEngineHost host = PrefetchHost(type: "str_list");
        string metadata = await OpenModalAsync(host);

        SlackInteractionResult ok = await host.Handler.HandleInteractionAsync(Submission("x", flow: metadata, extra: new JsonObject { ["region"] = Chosen("eu-1", "us-1") }));
        SlackInteractionResult tampered = await host.Handler.HandleInteractionAsync(Submission("x", flow: metadata, extra: new JsonObject { ["region"] = Chosen("eu-1", "ap-9") }));

        ok.Body.Should().BeNull();
        JsonNode.Parse(tampered.Body!)!["errors"]!["region"]!.GetValue<string>().Should().Be("Choose one of the listed options.");
    }

    [Fact]
    public async Task HandleInteractionAsync_PrefetchedOptionsTooManyForMetadata_FallBackToTheEnginesValidation()
    {
        using SlackEngineHost host = PrefetchHost(options: 400);
        string metadata = await OpenModalAsync(host);
        metadata.Should().Be(SlackEngineHost.FlowName, "400 fingerprints do not fit in 3,000 characters");

        SlackInteractionResult result = await host.Handler.HandleInteractionAsync(Submission("x", flow: metadata, extra: new JsonObject { ["region"] = Chosen("ap-9") }));

        result.Body.Should().BeNull("without fingerprints the choice is taken as offered, as the XML docs say");
    }

    [Fact]
    public async Task HandleInteractionAsync_MetadataNotJson_Rejects()
    {
        SlackInteractionResult result = await Handler.HandleInteractionAsync(Submission("x", flow: "{\"flow\":"));

        result.StatusCode.Should().Be(400);
        result.Error!.ErrorCode.Should().Be(SlackErrorCodes.InvalidPayload);
    }

    [Fact]
    public async Task HandleInteractionAsync_SubmissionForUnknownFlow_Rejects()
    {
        SlackInteractionResult result = await Handler.HandleInteractionAsync(Submission(reason: "x", flow: "nope"));

        result.StatusCode.Should().Be(400);
        result.Error!.ErrorCode.Should().Be(SlackErrorCodes.InvalidPayload);
    }

    [Fact]
    public async Task HandleInteractionAsync_OtherModal_IsAcknowledgedAndLeftAlone()
    {
        SlackInteractionResult result = await Handler.HandleInteractionAsync(Submission(reason: "x", callbackId: "someone_else"));

        result.StatusCode.Should().Be(200);
        result.Body.Should().BeNull();
        result.HasBackgroundWork.Should().BeFalse();
    }

    // ---- block_actions ----

    [Fact]
    public async Task HandleInteractionAsync_ApproveByApprover_ApprovesAsThatUser()
    {
        SymRun run = await _host.RequestAsync();

        SlackInteractionResult result = await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_approve", run.Id));
        result.StatusCode.Should().Be(200);
        result.Body.Should().BeNull();
        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Pending, "nothing happens before the answer");
        await _host.RunAsync(result);

        SymRun after = await _host.RunAsync(run.Id);
        after.State.Should().Be(SymRunState.Active);
        after.Approvals.Should().ContainSingle().Which.Username.Should().Be("bob@example.com");
        _host.Slack.Ephemerals.Should().BeEmpty();
    }

    [Fact]
    public async Task HandleInteractionAsync_SameUserTwice_LooksThemUpInSlackOnce()
    {
        SymRun first = await _host.RequestAsync();
        SymRun second = await _host.RequestAsync();
        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_approve", first.Id)));
        _host.Slack.Faults.FailNext(1, "users.info");

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_deny", second.Id)));

        (await _host.RunAsync(second.Id)).State.Should().Be(SymRunState.Denied, "Bob came from the cache, not from a failing users.info");
        _host.Slack.Faults.Fired.Should().BeEmpty();
    }

    [Fact]
    public async Task HandleInteractionAsync_ApproveWhoseGrantFails_TellsTheApproverAccessWasNotGranted()
    {
        _host.Strategy.FailEscalate = true;
        SymRun run = await _host.RequestAsync();

        SlackInteractionResult result = await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_approve", run.Id));
        await _host.RunAsync(result);

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Errored);
        FakeSlackMessage told = _host.Slack.Ephemerals.Should().ContainSingle().Subject;
        told.VisibleTo.Should().Be(_host.Bob.Id);
        told.Text.Should().Contain("The request was approved, but access could not be granted");
    }

    [Fact]
    public async Task HandleInteractionAsync_ApproveByUnauthorizedUser_ChangesNothingAndTellsThemOnceEphemerally()
    {
        SymRun run = await _host.RequestAsync();

        SlackInteractionResult result = await Handler.HandleInteractionAsync(Click(_host.Carol.Id, "sym_approve", run.Id));
        await _host.RunAsync(result);

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Pending);
        _host.Strategy.Escalations.Should().Be(0);
        FakeSlackMessage told = _host.Slack.Ephemerals.Should().ContainSingle().Subject;
        told.VisibleTo.Should().Be(_host.Carol.Id);
        told.ChannelId.Should().Be(_host.Requests.Id);
        told.Text.Should().Contain("You are not allowed to approve this request.");
        _host.Slack.DirectMessagesTo(_host.Carol.Id).Should().BeEmpty();
    }

    [Fact]
    public async Task HandleInteractionAsync_ApproveByConfiguredAdmin_Approves()
    {
        SlackUserInfo admin = _host.Slack.AddUser("root", "admin@example.com", id: "U0ADMIN");
        SymRun run = await _host.RequestAsync();

        SlackInteractionResult result = await Handler.HandleInteractionAsync(Click(admin.Id, "sym_approve", run.Id));
        await _host.RunAsync(result);

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task HandleInteractionAsync_Deny_DeniesTheRequest()
    {
        SymRun run = await _host.RequestAsync();

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_deny", run.Id)));

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Denied);
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelByRequester_CancelsAndMarksTheRequestMessageCancelled()
    {
        SymRun run = await _host.RequestAsync();
        FakeSlackMessage posted = _host.Slack.MessagesIn("sym-requests").Single();

        SlackInteractionResult result = await Handler.HandleInteractionAsync(Click(_host.Alice.Id, "sym_cancel", run.Id));
        result.StatusCode.Should().Be(200);
        result.Body.Should().BeNull();
        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Pending, "nothing happens before the answer");
        await _host.RunAsync(result);

        SymRun after = await _host.RunAsync(run.Id);
        after.State.Should().Be(SymRunState.Cancelled);
        after.Actors["cancel"].Username.Should().Be("alice@example.com");
        FakeSlackMessage current = _host.Slack.Current(new SlackMessageRef(posted.ChannelId, posted.Ts))!;
        SlackEngineHost.BlocksOf(current).Should().Contain(":no_entry_sign: Cancelled by <@U0ALICE>").And.NotContain("sym_cancel").And.NotContain("sym_approve");
        Snapshot.Match(SlackEngineHost.Readable(current, run.Id));
        _host.Slack.Ephemerals.Should().BeEmpty();
        _host.Strategy.Escalations.Should().Be(0);
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelByApprover_ChangesNothingAndExplainsEphemerally()
    {
        SymRun run = await _host.RequestAsync();
        FakeSlackMessage posted = _host.Slack.MessagesIn("sym-requests").Single();

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_cancel", run.Id)));

        SymRun after = await _host.RunAsync(run.Id);
        after.State.Should().Be(SymRunState.Pending);
        after.Version.Should().Be(run.Version);
        _host.Slack.UpdatesOf(new SlackMessageRef(posted.ChannelId, posted.Ts)).Should().BeEmpty();
        FakeSlackMessage told = _host.Slack.Ephemerals.Should().ContainSingle().Subject;
        told.VisibleTo.Should().Be(_host.Bob.Id);
        told.ChannelId.Should().Be(_host.Requests.Id);
        told.Text.Should().Contain("Only the requester or an admin may cancel this request.");
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelByConfiguredAdmin_Cancels()
    {
        SlackUserInfo admin = _host.Slack.AddUser("root", "admin@example.com", id: "U0ADMIN");
        SymRun run = await _host.RequestAsync();

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(admin.Id, "sym_cancel", run.Id)));

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Cancelled);
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle().Which.Text.Should().Contain("was cancelled by <@U0ADMIN>");
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelAfterApproval_ChangesNothingAndSaysItWasApproved()
    {
        SymRun run = await _host.RequestAsync();
        SymRun approved = (await _host.Engine.ApproveAsync(run.Id, _host.BobUser)).Run!;
        await _host.DeliverAsync();

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Alice.Id, "sym_cancel", run.Id)));

        SymRun after = await _host.RunAsync(run.Id);
        after.State.Should().Be(SymRunState.Active);
        after.Version.Should().Be(approved.Version);
        _host.Strategy.Deescalations.Should().Be(0);
        _host.Slack.Ephemerals.Should().ContainSingle().Which.Text.Should().Contain("This request was already approved.");
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelTwice_SecondClickIsToldItWasCancelled()
    {
        SymRun run = await _host.RequestAsync();
        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Alice.Id, "sym_cancel", run.Id)));

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Alice.Id, "sym_cancel", run.Id)));

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Cancelled);
        _host.Slack.Ephemerals.Should().ContainSingle().Which.Text.Should().Contain("This request was cancelled.");
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelFromTheSubmittedDm_CancelsAndRetiresTheDmButton()
    {
        await _host.RunAsync(await Handler.HandleInteractionAsync(Submission(reason: "incident 42")));
        FakeSlackMessage submitted = _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle().Subject;
        FakeSlackMessage posted = _host.Slack.MessagesIn("sym-requests").Single();
        string runId = SlackEngineHost.BlocksOf(posted).Split("\"value\":\"")[1].Split('"')[0];
        Snapshot.Match(SlackEngineHost.Readable(submitted, runId), SnapshotNameExtension.Create("submitted"));

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Alice.Id, "sym_cancel", runId, channel: submitted.ChannelId, ts: submitted.Ts)));

        (await _host.RunAsync(runId)).State.Should().Be(SymRunState.Cancelled);
        SlackEngineHost.BlocksOf(_host.Slack.Current(new SlackMessageRef(posted.ChannelId, posted.Ts))!).Should().Contain("Cancelled by <@U0ALICE>");
        FakeSlackMessage dm = _host.Slack.Current(new SlackMessageRef(submitted.ChannelId, submitted.Ts))!;
        SlackEngineHost.BlocksOf(dm).Should().NotContain("sym_cancel");
        Snapshot.Match(SlackEngineHost.Readable(dm, runId), SnapshotNameExtension.Create("cancelled"));
        _host.Slack.Ephemerals.Should().BeEmpty();
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelFromTheHandlersDmAfterApproval_ChangesNothingAndRetiresTheDmButton()
    {
        // Under another notifier the handler posts the "submitted" DM itself, and the run keeps no reference to it.
        using var host = new SlackEngineHost(services: s => s.AddSingleton<ISymNotifier, InMemoryNotifier>().Configure<SlackInteractionOptions>(o => o.ConfirmSubmissions = true));
        await host.RunAsync(await host.Handler.HandleInteractionAsync(Submission(reason: "incident 42")));
        FakeSlackMessage fallback = host.Slack.DirectMessagesTo(host.Alice.Id).Should().ContainSingle().Subject;
        string runId = SlackEngineHost.BlocksOf(fallback).Split("\"value\":\"")[1].Split('"')[0];
        SymRun approved = (await host.Engine.ApproveAsync(runId, host.BobUser)).Run!;
        await host.DeliverAsync();
        SlackEngineHost.BlocksOf(host.Slack.Current(new SlackMessageRef(fallback.ChannelId, fallback.Ts))!).Should().Contain("sym_cancel", "nothing knew of it");

        await host.RunAsync(await host.Handler.HandleInteractionAsync(Click(host.Alice.Id, "sym_cancel", runId, channel: fallback.ChannelId, ts: fallback.Ts)));

        SymRun after = await host.RunAsync(runId);
        after.State.Should().Be(SymRunState.Active);
        after.Version.Should().Be(approved.Version);
        string dm = SlackEngineHost.BlocksOf(host.Slack.Current(new SlackMessageRef(fallback.ChannelId, fallback.Ts))!);
        dm.Should().NotContain("sym_cancel").And.Contain("was approved by <@U0BOB>");
        host.Slack.Ephemerals.Should().ContainSingle().Which.Text.Should().Contain("This request was already approved.");
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelFromTheFallbackDmUnderAnotherNotifier_CancelsAndRetiresTheDmButton()
    {
        // Another notifier keeps no Slack reference on the run: the handler's "submitted" DM is the only Slack message.
        using var host = new SlackEngineHost(services: s => s.AddSingleton<ISymNotifier, InMemoryNotifier>().Configure<SlackInteractionOptions>(o => o.ConfirmSubmissions = true));
        await host.RunAsync(await host.Handler.HandleInteractionAsync(Submission(reason: "incident 42")));
        FakeSlackMessage fallback = host.Slack.DirectMessagesTo(host.Alice.Id).Should().ContainSingle().Subject;
        SlackEngineHost.BlocksOf(fallback).Should().Contain("sym_cancel");
        string runId = SlackEngineHost.BlocksOf(fallback).Split("\"value\":\"")[1].Split('"')[0];
        (await host.RunAsync(runId)).MessageReference.Should().BeNull();

        await host.RunAsync(await host.Handler.HandleInteractionAsync(Click(host.Alice.Id, "sym_cancel", runId, channel: fallback.ChannelId, ts: fallback.Ts)));

        (await host.RunAsync(runId)).State.Should().Be(SymRunState.Cancelled);
        string dm = SlackEngineHost.BlocksOf(host.Slack.Current(new SlackMessageRef(fallback.ChannelId, fallback.Ts))!);
        dm.Should().NotContain("sym_cancel").And.Contain("You cancelled your request");
    }

    [Fact]
    public async Task HandleInteractionAsync_SubmissionWhoseAnnouncementIsRefusedEverywhere_RequesterIsToldItExpiredAndGetsNoSubmittedDm()
    {
        // No destination takes the request: it expires at once.
        _host.Slack.Faults.FailNext(1, "chat.postMessage", m => Sym.Sdk.Integrations.Slack.Internal.SlackErrors.FromError(m, "not_in_channel"));

        await _host.RunAsync(await Handler.HandleInteractionAsync(Submission(reason: "incident 42")));

        _host.Slack.DirectMessagesTo(_host.Alice.Id).Select(m => m.Text).Should().ContainSingle()
            .Which.Should().StartWith(":hourglass: Your request for *Production DB* expired");
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelOnTheRequestMessageAfterApproval_LeavesTheMessageToTheNotifier()
    {
        SymRun run = await _host.RequestAsync();
        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();
        FakeSlackMessage posted = _host.Slack.MessagesIn("sym-requests").Single();
        string before = SlackEngineHost.BlocksOf(_host.Slack.Current(new SlackMessageRef(posted.ChannelId, posted.Ts))!);

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Alice.Id, "sym_cancel", run.Id, channel: posted.ChannelId, ts: posted.Ts)));

        SlackEngineHost.BlocksOf(_host.Slack.Current(new SlackMessageRef(posted.ChannelId, posted.Ts))!).Should().Be(before);
    }

    [Fact]
    public async Task HandleInteractionAsync_Revoke_EndsAccess()
    {
        SymRun run = await _host.RequestAsync();
        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_revoke", run.Id)));

        SymRun after = await _host.RunAsync(run.Id);
        after.State.Should().Be(SymRunState.Ended);
        after.DeescalateType.Should().Be("revoke");
        _host.Strategy.Deescalations.Should().Be(1);
    }

    [Fact]
    public async Task HandleInteractionAsync_RelinquishFromTheRequesterDm_EndsAccess()
    {
        SymRun run = await _host.RequestAsync();
        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();
        string dm = _host.Slack.DirectMessagesTo(_host.Alice.Id).Single().ChannelId;

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Alice.Id, "sym_relinquish", run.Id, channel: dm)));

        SymRun after = await _host.RunAsync(run.Id);
        after.State.Should().Be(SymRunState.Ended);
        after.DeescalateType.Should().Be("relinquish");
    }

    [Fact]
    public async Task HandleInteractionAsync_RelinquishBySomeoneElse_IsIgnoredWithAnEphemeral()
    {
        SymRun run = await _host.RequestAsync();
        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_relinquish", run.Id)));

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Active);
        _host.Slack.Ephemerals.Should().ContainSingle().Which.Text.Should().Contain("Only the requester may relinquish");
    }

    [Fact]
    public async Task HandleInteractionAsync_ExtendSelectThenApproveExtension_MovesTheExpiry()
    {
        SymRun run = await _host.RequestAsync();
        SymRun active = (await _host.Engine.ApproveAsync(run.Id, _host.BobUser)).Run!;
        await _host.DeliverAsync();
        string dm = _host.Slack.DirectMessagesTo(_host.Alice.Id).Single().ChannelId;

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Alice.Id, "sym_extend", $"{run.Id}|4h", channel: dm, select: true)));
        (await _host.RunAsync(run.Id)).PendingExtension.Should().Be(TimeSpan.FromHours(4));
        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_extend_approve", run.Id)));

        SymRun after = await _host.RunAsync(run.Id);
        after.PendingExtension.Should().BeNull();
        after.ExpiresAt.Should().Be(active.ExpiresAt!.Value + TimeSpan.FromHours(4));
    }

    [Fact]
    public async Task HandleInteractionAsync_DenyExtension_KeepsTheExpiry()
    {
        SymRun run = await _host.RequestAsync();
        SymRun active = (await _host.Engine.ApproveAsync(run.Id, _host.BobUser)).Run!;
        await _host.DeliverAsync();
        await _host.Engine.ExtendAsync(run.Id, _host.AliceUser, TimeSpan.FromHours(1));

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_extend_deny", run.Id)));

        SymRun after = await _host.RunAsync(run.Id);
        after.PendingExtension.Should().BeNull();
        after.ExpiresAt.Should().Be(active.ExpiresAt);
    }

    [Fact]
    public async Task HandleInteractionAsync_ExtendByDisallowedDuration_TellsTheUserAndChangesNothing()
    {
        SymRun run = await _host.RequestAsync();
        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Alice.Id, "sym_extend", $"{run.Id}|2d", select: true)));

        (await _host.RunAsync(run.Id)).PendingExtension.Should().BeNull();
        _host.Slack.Ephemerals.Should().ContainSingle().Which.Text.Should().Contain("not an allowed duration");
    }

    [Fact]
    public async Task HandleInteractionAsync_UnknownRun_TellsTheUser()
    {
        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "sym_approve", "0000")));

        _host.Slack.Ephemerals.Should().ContainSingle().Which.Text.Should().Be("This request no longer exists.");
    }

    [Fact]
    public async Task HandleInteractionAsync_SlackUserWithoutEmail_TellsThemAndChangesNothing()
    {
        SlackUserInfo noEmail = _host.Slack.AddUser("ghost", email: null, id: "U0GHOST");
        _host.Slack.AddChannel("ghost-room", id: "C0GHOST", members: [noEmail.Id]);
        SymRun run = await _host.RequestAsync();

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(noEmail.Id, "sym_approve", run.Id, channel: "C0GHOST")));

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Pending);
        _host.Slack.Ephemerals.Should().ContainSingle().Which.Text.Should().Contain("Slack:USER_EMAIL_MISSING");
    }

    [Theory]
    [InlineData("sym_approve", null)]
    [InlineData("sym_approve", "  ")]
    [InlineData("sym_extend", "no-bar")]
    [InlineData("sym_extend", "run|forever")]
    public async Task HandleInteractionAsync_ActionWithoutUsableValue_RejectsAndChangesNothing(string actionId, string? value)
    {
        SymRun run = await _host.RequestAsync();

        SlackInteractionResult result = await Handler.HandleInteractionAsync(Click(_host.Bob.Id, actionId, value, select: actionId == "sym_extend"));

        result.StatusCode.Should().Be(400);
        result.Error!.ErrorCode.Should().Be(SlackErrorCodes.InvalidPayload);
        result.HasBackgroundWork.Should().BeFalse();
        (await _host.RunAsync(run.Id)).Version.Should().Be(run.Version);
    }

    [Fact]
    public async Task HandleInteractionAsync_SomeoneElsesButton_IsAcknowledgedAndLeftAlone()
    {
        SlackInteractionResult result = await Handler.HandleInteractionAsync(Click(_host.Bob.Id, "other_app_button", "x"));

        result.StatusCode.Should().Be(200);
        result.HasBackgroundWork.Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("payload=")]
    [InlineData("payload=not-json")]
    [InlineData("payload=%5B1%2C2%5D")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%7D")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U0BOB%22%7D%7D")]
    public async Task HandleInteractionAsync_MalformedPayload_RejectsWithTypedError(string body)
    {
        SlackInteractionResult result = await Handler.HandleInteractionAsync(body);

        result.StatusCode.Should().Be(400);
        result.Body.Should().BeNull();
        result.Error!.ErrorCode.Should().Be(SlackErrorCodes.InvalidPayload);
        result.HasBackgroundWork.Should().BeFalse();
        await _host.RunAsync(result);
        _host.Slack.Messages.Should().BeEmpty();
        _host.Slack.Ephemerals.Should().BeEmpty();
    }

    // ---- the slow part, from the raw body ----

    [Fact]
    public async Task ProcessAsync_SameSubmissionTwice_MakesOneRequestAndTellsTheRequesterOnce()
    {
        string body = Submission(reason: "incident 42");
        var delivery = new SlackDelivery { Source = SlackInteractionHandler.InteractionSource, Body = body };

        await Handler.ProcessAsync(delivery);
        await _host.DeliverAsync();
        await Handler.ProcessAsync(delivery with { Attempt = 2 });
        await _host.DeliverAsync();

        SymRun run = (await RunsAsync(_host)).Should().ContainSingle().Subject;
        run.Id.Should().Be(SlackInteractionHandler.GetDeliveryId(body)[..32]);
        _host.Slack.MessagesIn("sym-requests").Should().ContainSingle();
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle().Which.Text.Should().Contain("was submitted");
        _host.Slack.Ephemerals.Should().BeEmpty();
    }

    [Fact]
    public async Task ProcessAsync_DifferentSubmissions_MakeDifferentRequests()
    {
        await Handler.ProcessAsync(new SlackDelivery { Source = SlackInteractionHandler.InteractionSource, Body = Submission(reason: "first") });
        await Handler.ProcessAsync(new SlackDelivery { Source = SlackInteractionHandler.InteractionSource, Body = Submission(reason: "second") });

        (await RunsAsync(_host)).Select(r => r.Fields.Reason).Should().BeEquivalentTo("first", "second");
    }

    [Fact]
    public async Task ProcessAsync_ClickAppliedBeforeACrash_IsNotReportedAsIgnoredOnTheNextAttempt()
    {
        SymRun run = await _host.RequestAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var delivery = new SlackDelivery
        {
            Source = SlackInteractionHandler.InteractionSource, Body = Click(_host.Bob.Id, "sym_approve", run.Id), ReceivedAt = _host.Time.GetUtcNow(),
        };
        await Handler.ProcessAsync(delivery);

        // The process died before the delivery was marked processed: the recovery processes it again.
        await Handler.ProcessAsync(delivery with { Attempt = 2 });

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Active);
        _host.Strategy.Escalations.Should().Be(1);
        _host.Slack.Ephemerals.Should().BeEmpty("Bob's own click approved it; 'already approved' would be news of nothing");
        _host.Slack.DirectMessagesTo(_host.Bob.Id).Should().BeEmpty();
    }

    [Fact]
    public async Task ProcessAsync_SecondAttemptOfAClickSomeoneElseBeat_TellsThePerson()
    {
        SymRun run = await _host.RequestAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var delivery = new SlackDelivery
        {
            Source = SlackInteractionHandler.InteractionSource, Body = Click(_host.Alice.Id, "sym_cancel", run.Id), ReceivedAt = _host.Time.GetUtcNow(),
            Attempt = 2,
        };
        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);

        await Handler.ProcessAsync(delivery);

        _host.Slack.EphemeralsTo(_host.Alice.Id).Should().ContainSingle().Which.Text.Should().Contain("This request was already approved.");
    }

    [Fact]
    public async Task ProcessAsync_TransientFailureWhenTheCallerRetries_ThrowsAndTellsNobody()
    {
        SymRun run = await _host.RequestAsync();
        _host.Slack.Faults.FailNext(1, "users.info", _ => new SymException(SlackErrorCodes.ServerError, "Slack failed."));
        var delivery = new SlackDelivery { Source = SlackInteractionHandler.InteractionSource, Body = Click(_host.Bob.Id, "sym_approve", run.Id), CanRetry = true };

        Func<Task> act = () => Handler.ProcessAsync(delivery);

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SlackErrorCodes.ServerError);
        _host.Slack.Ephemerals.Should().BeEmpty();
        _host.Slack.DirectMessages.Should().BeEmpty();
        await Handler.ProcessAsync(delivery with { Attempt = 2 });
        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Active, "the next attempt went through");
    }

    [Fact]
    public async Task ProcessAsync_TransientFailureOnTheLastAttempt_TellsThePersonOnce()
    {
        SymRun run = await _host.RequestAsync();
        _host.Slack.Faults.FailNext(1, "users.info", _ => new SymException(SlackErrorCodes.ServerError, "Slack failed."));

        await Handler.ProcessAsync(new SlackDelivery { Source = SlackInteractionHandler.InteractionSource, Body = Click(_host.Bob.Id, "sym_approve", run.Id) });

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Pending);
        _host.Slack.EphemeralsTo(_host.Bob.Id).Should().ContainSingle().Which.Text.Should().Contain("could not be processed").And.Contain(SlackErrorCodes.ServerError);
    }

    [Fact]
    public async Task ProcessAsync_PermanentFailureWhenTheCallerRetries_TellsThePersonInsteadOfThrowing()
    {
        SlackUserInfo noEmail = _host.Slack.AddUser("ghost", email: null, id: "U0GHOST");
        SymRun run = await _host.RequestAsync();

        await Handler.ProcessAsync(new SlackDelivery
        {
            Source = SlackInteractionHandler.InteractionSource, Body = Click(noEmail.Id, "sym_approve", run.Id, channel: _host.Requests.Id), CanRetry = true,
        });

        _host.Slack.DirectMessagesTo(noEmail.Id).Should().ContainSingle("the ephemeral is refused (not in the channel), so the DM says it")
            .Which.Text.Should().Contain("Slack:USER_EMAIL_MISSING");
    }

    [Fact]
    public async Task ProcessAsync_IgnoredWhereTheEphemeralCannotBeShown_FallsBackToOneDm()
    {
        SymRun run = await _host.RequestAsync();
        _host.Slack.Faults.FailNext(1, "chat.postEphemeral", m => Sym.Sdk.Integrations.Slack.Internal.SlackErrors.FromError(m, "user_not_in_channel"));

        await _host.RunAsync(await Handler.HandleInteractionAsync(Click(_host.Carol.Id, "sym_approve", run.Id)));

        _host.Slack.Ephemerals.Should().BeEmpty();
        _host.Slack.DirectMessagesTo(_host.Carol.Id).Should().ContainSingle().Which.Text.Should().Contain("You are not allowed to approve this request.");
    }

    [Fact]
    public async Task ProcessAsync_SlashCommandAfterACrash_TellsThePersonToRunItAgain()
    {
        string command = Command("req");
        _host.Slack.ExpireTriggerId("trig-1"); // a trigger id is good for 3 seconds; the recovery comes later

        await Handler.ProcessAsync(new SlackDelivery { Source = SlackInteractionHandler.CommandSource, Body = command, Attempt = 2, CanRetry = true });

        _host.Slack.Views.Should().BeEmpty();
        _host.Slack.EphemeralsTo(_host.Alice.Id).Should().ContainSingle().Which.Text.Should().Contain("Please run the command again.");
    }

    [Fact]
    public async Task ProcessAsync_UnknownSource_Throws()
    {
        Func<Task> act = () => Handler.ProcessAsync(new SlackDelivery { Source = "teams/cards", Body = Submission(reason: "x") });

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*teams/cards*");
    }

    [Fact]
    public async Task ProcessAsync_MalformedBody_ChangesNothing()
    {
        await Handler.ProcessAsync(new SlackDelivery { Source = SlackInteractionHandler.InteractionSource, Body = "payload=not-json", CanRetry = true });

        (await RunsAsync(_host)).Should().BeEmpty();
        _host.Slack.Messages.Should().BeEmpty();
    }

    [Fact]
    public void GetDeliveryId_SameBody_IsTheSameLowercaseHexSha256()
    {
        string body = Submission(reason: "x");

        string id = SlackInteractionHandler.GetDeliveryId(body);

        id.Should().MatchRegex("^[0-9a-f]{64}$");
        SlackInteractionHandler.GetDeliveryId(body).Should().Be(id);
        SlackInteractionHandler.GetDeliveryId(body + "&x=1").Should().NotBe(id);
        id.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body))));
    }

    [Fact]
    public void Handler_IsRegisteredByUseSlackNotifier()
    {
        _host.Services.GetRequiredService<SlackInteractionHandler>().Should().NotBeNull();
        _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SlackInteractionOptions>>().Value.ConfirmSubmissions
            .Should().BeFalse("the notifier posts the submitted DM with the announcement");
    }

    [Fact]
    public async Task ProcessAsync_SubmissionUnderTheSlackNotifier_PostsOneSubmittedDm()
    {
        await Handler.ProcessAsync(new SlackDelivery { Source = SlackInteractionHandler.InteractionSource, Body = Submission(reason: "x") });
        await _host.DeliverAsync();

        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle("the notifier's, not a second one from the handler");
    }

    private string Command(string text, string command = "/sym") =>
        $"command={Uri.EscapeDataString(command)}&text={Uri.EscapeDataString(text)}&user_id={_host.Alice.Id}&user_name=alice"
        + $"&channel_id={_host.Requests.Id}&team_id=T0FAKE&trigger_id=trig-1";

    private string Submission(string? reason, string flow = SlackEngineHost.FlowName, string callbackId = "sym_request", JsonObject? extra = null)
    {
        var values = new JsonObject
        {
            ["target"] = new JsonObject { ["target"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "prod" } } },
            ["duration"] = new JsonObject { ["duration"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "4h" } } },
            ["reason"] = new JsonObject { ["reason"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = reason } },
            ["ticket"] = new JsonObject { ["ticket"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = null } },
        };
        foreach ((string block, JsonNode? state) in extra ?? [])
        {
            values[block] = new JsonObject { [block] = state!.DeepClone() };
        }

        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["user"] = new JsonObject { ["id"] = _host.Alice.Id, ["username"] = "alice", ["team_id"] = "T0FAKE" },
            ["view"] = new JsonObject
            {
                ["id"] = "V0001", ["callback_id"] = callbackId, ["private_metadata"] = flow, ["hash"] = "h",
                ["state"] = new JsonObject { ["values"] = values },
            },
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    private string Click(string userId, string actionId, string? value, string? channel = null, bool select = false, string ts = "1795608000.000001")
    {
        var action = new JsonObject { ["action_id"] = actionId, ["block_id"] = "sym_request_actions", ["action_ts"] = "1.2" };
        if (select)
        {
            action["type"] = "static_select";
            action["selected_option"] = value is null ? null : new JsonObject { ["value"] = value };
        }
        else
        {
            action["type"] = "button";
            action["value"] = value;
        }

        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["user"] = new JsonObject { ["id"] = userId },
            ["trigger_id"] = "trig-2",
            ["channel"] = new JsonObject { ["id"] = channel ?? _host.Requests.Id },
            ["message"] = new JsonObject { ["ts"] = ts },
            ["actions"] = new JsonArray(action),
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString(new JsonSerializerOptions()));
    }
}
