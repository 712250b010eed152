using Sym.Sdk.Flows;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

public sealed class PromptTests
{
    [Fact]
    public async Task PromptAsync_ReturnsTheFormWithPrefetchedOptionsAndRunsHooks()
    {
        using var h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "db", Type = "string", Prefetch = true }));
        h.Flow.Prefetch = f => f.Name == "db" ? [new FieldOption("orders"), new FieldOption("billing")] : null;

        SymPromptResult result = await h.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Requester, "slack");

        result.Status.Should().Be(SymActionStatus.Applied);
        result.Form!.Fields.Select(f => f.Name).Should().Equal("reason", "db");
        result.Form.Find("db")!.AllowedValues.Select(v => v.Value).Should().Equal("orders", "billing");
        h.Flow.HookNames.Should().Equal("OnPrompt", "Prefetch", "AfterPrompt");
        h.Flow.Calls.First().Event.Name.Should().Be("prompt");
        h.Store.RunCount.Should().Be(0);
    }

    [Fact]
    public async Task PromptAsync_HookIgnores_RefusesTheFormAndTellsTheUser()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["prompt"] = _ => Template.Ignore("Requests are closed during the freeze.");
        SymPromptResult result = await h.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Requester);
        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Form.Should().BeNull();
        h.Notifier.OfKind(SymNotificationKind.Ignored).Should().ContainSingle(r => r.Message == "Requests are closed during the freeze.");
    }

    [Fact]
    public async Task PromptAsync_Guest_IsRefusedUnlessTheFlowAllowsGuests()
    {
        using var closed = EngineHarness.Create();
        (await closed.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Guest)).Status.Should().Be(SymActionStatus.Ignored);
        using var open = EngineHarness.Create(o => o.AllowGuestInteraction = true);
        (await open.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Guest)).Status.Should().Be(SymActionStatus.Applied);
    }

    [Fact]
    public async Task PromptAsync_PrefetchThrows_KeepsConfiguredOptionsAndReports()
    {
        using var h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "db", Type = "string", Prefetch = true, AllowedValues = { "orders" } }));
        h.Flow.Prefetch = _ => throw new HttpRequestException("inventory down");
        SymPromptResult result = await h.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Requester);
        result.Form!.Find("db")!.AllowedValues.Select(v => v.Value).Should().Equal("orders");
        h.Errors.Should().ContainSingle().Which.Error!.Error.Source.Should().Be("reducer");
    }
}
