using System.Net;
using System.Text.Json;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Http;
using SymExamples.CustomStrategy;

namespace SymExamples.Tests;

/// <summary>Sym's <c>custom_strategy</c> example, ported: the strategy calls a third party with the integration's secret.</summary>
public sealed class CustomStrategyTests : IAsyncLifetime
{
    private static readonly User Alice = FakeEvents.User("alice@example.com", slackId: "U0ALICE");
    private static readonly User Bob = FakeEvents.User("bob@example.com", slackId: "U0BOB");

    private readonly FakeHttpHandler _api = new();
    private SymFlowHarness _harness = null!;

    public Task InitializeAsync()
    {
        _harness = Builder().SetSecret("env", "CUSTOM_API_KEY", "key-123").Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private SymFlowHarnessBuilder Builder() =>
        SymFlowHarness.CreateBuilder()
            .AddEnvironment(CustomStrategyDefinition.EnvironmentName,
                CustomStrategyDefinition.Environment(new SecretReferenceOptions { Provider = "env", Path = "CUSTOM_API_KEY" }))
            .AddFlow<CustomStrategyFlow, CustomStrategy.CustomStrategy>(CustomStrategyDefinition.Name, CustomStrategyDefinition.Flow())
            .Use(_api);

    private Task<HarnessRun> RequestAsync(User requester) =>
        _harness.RequestAsync(requester, target: "custom-target", duration: TimeSpan.FromHours(1), reason: "rotate the keys");

    private void ApiAnswers(HttpStatusCode escalate = HttpStatusCode.OK)
    {
        _api.On(HttpMethod.Post, "/escalate").Respond(escalate);
        _api.On(HttpMethod.Post, "/deescalate").Respond(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Approve_EscalatesThroughTheApi_WithTheSecretAsBearer_AndTheTargetIdentifier()
    {
        ApiAnswers();
        HarnessRun run = await RequestAsync(Alice);

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Active).AssertNoErrors();
        RecordedHttpRequest call = _api.RequestsTo(HttpMethod.Post, "/escalate").Should().ContainSingle().Subject;
        call.Header("Authorization").Should().Be("Bearer key-123");
        JsonDocument.Parse(call.BodyText).RootElement.GetProperty("user_id").GetString().Should().Be("alice@example.com");
        JsonDocument.Parse(call.BodyText).RootElement.GetProperty("resource_id").GetString().Should().Be("some-resource");
    }

    [Fact]
    public async Task Expiry_DeescalatesThroughTheApi()
    {
        ApiAnswers();
        HarnessRun run = await RequestAsync(Alice);
        await run.ApproveAsync(Bob);

        await _harness.AdvanceAsync(TimeSpan.FromHours(1));

        run.AssertState(SymRunState.Ended);
        _api.RequestsTo(HttpMethod.Post, "/deescalate").Should().ContainSingle();
    }

    [Fact]
    public async Task SelfApproval_IsNotAllowed()
    {
        HarnessRun run = await RequestAsync(Alice);

        SymActionResult result = await run.ApproveAsync(Alice);

        result.Status.Should().NotBe(SymActionStatus.Applied);
        run.AssertState(SymRunState.Pending);
    }

    [Fact]
    public async Task MissingSecret_FailsTheGrantWithATypedError_AndCallsNothing()
    {
        await using SymFlowHarness harness = Builder().Build();
        HarnessRun run = await harness.RequestAsync(Alice, target: "custom-target", duration: TimeSpan.FromHours(1), reason: "x");

        await run.ApproveAsync(Bob);

        run.State.Should().NotBe(SymRunState.Active);
        run.Errors.Should().Contain(e => e.Code == Sym.Sdk.Secrets.SymSecretErrorCodes.NotFound);
        _api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ApiFailure_IsAnError_NotASilentGrant()
    {
        ApiAnswers(escalate: HttpStatusCode.InternalServerError);
        HarnessRun run = await RequestAsync(Alice);

        await run.ApproveAsync(Bob);

        run.State.Should().NotBe(SymRunState.Active);
        run.Errors.Should().NotBeEmpty();
    }
}
