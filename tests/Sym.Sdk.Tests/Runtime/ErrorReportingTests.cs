using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class ErrorReportingTests
{
    [Fact]
    public async Task OnRequest_Throws_CreatesNothingReportsAndTellsTheRequester()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = _ => throw new InvalidOperationException("boom");

        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());

        result.Status.Should().Be(SymActionStatus.Failed);
        result.Run.Should().BeNull();
        h.Store.RunCount.Should().Be(0);
        await h.DeliverAsync();
        h.Errors.Should().ContainSingle().Which.Error!.Error.Should().Match<SymRunError>(e => e.Source == "hook" && e.Step == "request"
            && e.Code == SymErrorCodes.UserCodeFailed && e.Message == "boom");
        result.Message.Should().Be("Your request could not be submitted because the flow failed. Its admins were told.");
        (await h.AuditAsync()).Should().ContainSingle().Which.Outcome.Should().Be(SymAuditOutcome.Failed);
    }

    [Fact]
    public async Task GetPermissions_Throws_FailsClosedToAdminsOnly()
    {
        using var h = EngineHarness.Create();
        h.Flow.Permissions = _ => throw new HttpRequestException("directory unavailable");
        SymRun run = await h.RequestAsync();

        run.Errors.Should().ContainSingle().Which.Source.Should().Be("reducer");
        run.Permission!.Level.Should().Be(PermissionLevel.Admin);
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Status.Should().Be(SymActionStatus.Ignored);
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Admin)).Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task GetRequestNotifications_Throws_FallsBackToTheRequestChannel()
    {
        using var h = EngineHarness.Create();
        h.Flow.Notifications = _ => throw new InvalidOperationException("bad reducer");
        SymRun run = await h.RequestAsync();
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Announce).Should().ContainSingle()
            .Which.Destination.Should().Be(new SlackChannelName(Sym.Sdk.Flows.FlowOptions.DefaultRequestChannel));
        run.Errors.Should().ContainSingle();
    }

    [Fact]
    public async Task UserCodeFailure_IsLoggedWithSecretsRedacted()
    {
        var logs = new CapturingLoggerFactory();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<ILoggerFactory>(logs));
        h.Strategy.FailEscalates(1);
        SymRun run = await h.RequestAsync();
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        (LogLevel level, EventId id, string message) = logs.Entries.Should().ContainSingle(e => e.Level == LogLevel.Error).Subject;
        id.Id.Should().Be(1);
        message.Should().Contain("strategy failed at step escalate with Test:ESCALATE_FAILED").And.NotContain("xoxb-1234567890");
        level.Should().Be(LogLevel.Error);
    }

    [Fact]
    public async Task EscalateFails_RequesterAuditAndErrorChannelReadTheMessageAndHint_NeverATypeName()
    {
        using var h = EngineHarness.Create();
        h.Strategy.EscalateError = () => new SymException("Okta:HTTP_503", "Okta answered 503 Service Unavailable", "Try again once Okta is back.");
        h.Strategy.FailEscalates(1);
        SymRun run = await h.RequestAsync();

        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        await h.DeliverAsync();

        const string text = "Okta answered 503 Service Unavailable. Try again once Okta is back.";
        h.Notifier.OfKind(SymNotificationKind.Requester).Select(r => r.Update!.Message)
            .Should().Contain("Access could not be granted: " + text);
        SymAuditEntry audit = (await h.AuditAsync(new() { RunId = run.Id, Step = "escalate" })).Should().ContainSingle().Subject;
        audit.Message.Should().Be(text);
        audit.ErrorCode.Should().Be("Okta:HTTP_503");
        SymRunError reported = h.Errors.Should().ContainSingle().Subject.Error!.Error;
        reported.Message.Should().Be(text).And.NotContain(nameof(SymException));
        reported.Code.Should().Be("Okta:HTTP_503");
    }
}
