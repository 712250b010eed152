using System.Text.Json;
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
        await h.DeliverAsync();
        result.Message.Should().Be("Requests are closed during the freeze.");
        h.Notifier.Records.Should().BeEmpty("the user is answered in the result, by the front end");
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
        await h.DeliverAsync();
        h.Errors.Should().ContainSingle().Which.Error!.Error.Source.Should().Be("reducer");
    }

    [Fact]
    public async Task ChangePromptFieldAsync_OnChangeField_CallsTheHookWithTheValuesAndReturnsItsForm()
    {
        using var h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "kind", Type = "string", OnChange = true }));
        PromptForm shown = (await h.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Requester, "slack")).Form!;
        PromptField? changedField = null;
        h.Flow.FieldChange = (field, form, evt) =>
        {
            changedField = field;
            return evt.Payload.Fields.GetString("kind") == "db"
                ? form with { Fields = [.. form.Fields, new PromptField { Name = "database", Type = FieldType.String }] }
                : null;
        };
        var values = new Dictionary<string, JsonElement> { ["kind"] = SymFieldValue.String("db"), ["target"] = SymFieldValue.String("prod") };

        SymPromptResult result = await h.Engine.ChangePromptFieldAsync(EngineHarness.FlowName, EngineHarness.Requester, "kind", shown, values, "slack");

        result.Status.Should().Be(SymActionStatus.Applied);
        result.Form!.Fields.Select(f => f.Name).Should().Equal("reason", "kind", "database");
        changedField!.Name.Should().Be("kind");
        Event seen = h.Flow.Calls.Last().Event;
        h.Flow.Calls.Last().Hook.Should().Be("OnFieldChange");
        seen.Name.Should().Be("prompt");
        seen.Payload.User.Should().Be(EngineHarness.Requester);
        seen.Payload.Fields.Target!.Name.Should().Be("prod");
        seen.Channel.Should().Be("slack");
        h.Store.RunCount.Should().Be(0);
    }

    [Fact]
    public async Task ChangePromptFieldAsync_HookReturnsNull_KeepsTheForm()
    {
        using var h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "kind", Type = "string", OnChange = true }));
        PromptForm shown = (await h.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Requester)).Form!;
        SymPromptResult result = await h.Engine.ChangePromptFieldAsync(EngineHarness.FlowName, EngineHarness.Requester, "kind", shown);
        result.Status.Should().Be(SymActionStatus.Applied);
        result.Form.Should().BeSameAs(shown);
        h.Flow.HookNames.Should().EndWith("OnFieldChange");
    }

    [Fact]
    public async Task ChangePromptFieldAsync_FieldNotMarkedOnChange_DoesNotCallTheHook()
    {
        using var h = EngineHarness.Create();
        PromptForm shown = (await h.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Requester)).Form!;
        h.Flow.FieldChange = (_, _, _) => throw new InvalidOperationException("must not be called");
        SymPromptResult result = await h.Engine.ChangePromptFieldAsync(EngineHarness.FlowName, EngineHarness.Requester, "reason", shown);
        result.Form.Should().BeSameAs(shown);
        h.Flow.HookNames.Should().NotContain("OnFieldChange");
    }

    [Fact]
    public async Task ChangePromptFieldAsync_HookThrows_FailsReportsAndTellsTheUser()
    {
        using var h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "kind", Type = "string", OnChange = true }));
        PromptForm shown = (await h.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Requester)).Form!;
        h.Flow.FieldChange = (_, _, _) => throw new HttpRequestException("catalog down");

        SymPromptResult result = await h.Engine.ChangePromptFieldAsync(EngineHarness.FlowName, EngineHarness.Requester, "kind", shown);

        result.Status.Should().Be(SymActionStatus.Failed);
        result.Form.Should().BeNull();
        await h.DeliverAsync();
        h.Errors.Should().ContainSingle().Which.Error!.Error.Source.Should().Be("reducer");
        h.Notifier.OfKind(SymNotificationKind.Ignored).Should().BeEmpty("the user is answered in the result, by the front end");
    }

    [Fact]
    public async Task ChangePromptFieldAsync_BadInput_IsATypedErrorAndCallsNothing()
    {
        using var h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "kind", Type = "string", OnChange = true }));
        PromptForm shown = (await h.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Requester)).Form!;
        int calls = h.Flow.Calls.Count;

        (await FluentActions.Awaiting(() => h.Engine.ChangePromptFieldAsync(EngineHarness.FlowName, EngineHarness.Requester, "nope", shown))
            .Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.InvalidField);
        (await FluentActions.Awaiting(() => h.Engine.ChangePromptFieldAsync("no_such_flow", EngineHarness.Requester, "kind", shown))
            .Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(SymErrorCodes.FlowNotFound);
        await FluentActions.Awaiting(() => h.Engine.ChangePromptFieldAsync(EngineHarness.FlowName, EngineHarness.Requester, "kind", null!))
            .Should().ThrowAsync<ArgumentNullException>();
        h.Flow.Calls.Count.Should().Be(calls);
    }

    [Fact]
    public async Task ChangePromptFieldAsync_Guest_IsRefusedUnlessTheFlowAllowsGuests()
    {
        using var h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "kind", Type = "string", OnChange = true }));
        PromptForm shown = (await h.Engine.PromptAsync(EngineHarness.FlowName, EngineHarness.Requester)).Form!;
        SymPromptResult result = await h.Engine.ChangePromptFieldAsync(EngineHarness.FlowName, EngineHarness.Guest, "kind", shown);
        result.Status.Should().Be(SymActionStatus.Ignored);
        h.Flow.HookNames.Should().NotContain("OnFieldChange");
    }
}
