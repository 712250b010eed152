using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

public sealed class ExtensionTests
{
    [Fact]
    public async Task Extend_ApprovedByAnApprover_MovesTheExpiryWithoutReescalating()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        DateTimeOffset originalExpiry = run.ExpiresAt!.Value;
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));

        SymActionResult asked = await h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromHours(1), "still debugging");
        asked.Message.Should().Be("Extension by 1h requested.");
        asked.Run!.PendingExtension.Should().Be(TimeSpan.FromHours(1));
        asked.Run.ExpiresAt.Should().Be(originalExpiry);

        SymActionResult approved = await h.Engine.ApproveExtensionAsync(run.Id, EngineHarness.Approver);
        approved.Run!.ExpiresAt.Should().Be(originalExpiry + TimeSpan.FromHours(1));
        approved.Run.ExtensionCount.Should().Be(1);
        approved.Run.PendingExtension.Should().BeNull();
        h.Strategy.CountOf("escalate").Should().Be(1);

        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Active, "the old expiry no longer applies");
        await h.AdvanceAsync(TimeSpan.FromHours(1));
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
        h.Strategy.CountOf("deescalate").Should().Be(1);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Requester).Should().Contain(r => r.Update!.Kind == SymRunUpdateKind.Extended);
    }

    [Fact]
    public async Task Extend_HookAutoApproves_ExtendsImmediately()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = evt => evt.Fields.GetBoolean("extension") == true ? ApprovalTemplate.Approve("on-call extension") : null;
        SymRun run = await h.ActiveRunAsync();

        SymActionResult result = await h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromHours(4));

        result.Run!.ExpiresAt.Should().Be(run.ExpiresAt!.Value + TimeSpan.FromHours(4));
        result.Message.Should().Be("on-call extension");
        h.Flow.Calls.Last(c => c.Hook == "OnRequest").Event.Fields.Duration.Should().Be(TimeSpan.FromHours(4));
        h.Strategy.CountOf("escalate").Should().Be(1);
    }

    [Fact]
    public async Task Extend_DurationNotAllowed_ThrowsAndChangesNothing()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        Func<Task> act = () => h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromDays(3));
        SymRequestValidationException ex = (await act.Should().ThrowAsync<SymRequestValidationException>()).Which;
        ex.Errors.Select(e => e.Field).Should().OnlyContain(f => f == "extension");
        (await h.RunAsync(run.Id)).Version.Should().Be(run.Version);
    }

    [Fact]
    public async Task Extend_BySomeoneElse_IsIgnored()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        (await h.Engine.ExtendAsync(run.Id, EngineHarness.Approver, TimeSpan.FromHours(1))).Message
            .Should().Be("Only the requester may ask to extend their access.");
    }

    [Fact]
    public async Task ApproveExtension_SelfApproval_IsIgnored()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        await h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromHours(1));
        SymActionResult result = await h.Engine.ApproveExtensionAsync(run.Id, EngineHarness.Requester);
        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Run!.ExpiresAt.Should().Be(run.ExpiresAt);
    }

    [Fact]
    public async Task DenyExtension_KeepsTheExpiryAndTellsTheRequester()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        await h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromHours(1));
        SymActionResult result = await h.Engine.DenyExtensionAsync(run.Id, EngineHarness.Approver, "enough");
        result.Run!.PendingExtension.Should().BeNull();
        result.Run.ExpiresAt.Should().Be(run.ExpiresAt);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Requester).Should().Contain(r => r.Update!.Kind == SymRunUpdateKind.ExtensionDenied);
        (await h.Engine.ApproveExtensionAsync(run.Id, EngineHarness.Approver)).Message.Should().Be("No extension of this access awaits approval.");
    }

    [Fact]
    public async Task Extend_PendingRequest_IsIgnored()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();
        (await h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromHours(1))).Message.Should().Be("Only active access can be extended.");
    }

    [Fact]
    public async Task Extend_WhileAnotherAwaitsApproval_IsIgnored()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        await h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromHours(1));
        (await h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromHours(1))).Status.Should().Be(SymActionStatus.Ignored);
    }
}
