using System.Net;
using System.Text.Json;
using Sym.Sdk.Flows;
using Sym.Sdk.Requests;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests;

/// <summary>Keeps the example in src/Sym.Sdk/README.md compiling and behaving as it says.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task Flow_AutoApprovesShortSandboxRequests_Only()
    {
        var flow = new CustomAccessFlow();

        TemplateStep? sandbox = await flow.OnRequestAsync(Request("""{"target_id":"sandbox","duration":1800}"""));
        TemplateStep? prod = await flow.OnRequestAsync(Request("""{"target_id":"prod","duration":1800}"""));
        TemplateStep? longSandbox = await flow.OnRequestAsync(Request("""{"target_id":"sandbox","duration":"1d"}"""));

        sandbox!.Step.Should().Be(ApprovalTemplateStep.Approve);
        prod.Should().BeNull();
        longSandbox.Should().BeNull();
        (await flow.GetPermissionsAsync(Request("{}")))!.Level.Should().Be(PermissionLevel.Member);
        (await flow.GetApproversAsync(Request("{}"))).Should().BeOfType<RequestDestinationFallback>()
            .Which.Destinations[0].Should().Be(new SlackChannelName("access-requests"));
    }

    [Fact]
    public async Task Strategy_RevokeOfMissingGrant_IsANoOp()
    {
        using var api = new HttpClient(new StatusHandler(HttpStatusCode.NotFound)) { BaseAddress = new Uri("https://grants.example/") };
        var strategy = new CustomAccess(api);

        StrategyOutput? output = await strategy.DeescalateAsync("prod", Request("{}"));

        output!.IsNoOp.Should().BeTrue();
    }

    private static Event Request(string fieldsJson)
    {
        using JsonDocument doc = JsonDocument.Parse(fieldsJson);
        Dictionary<string, JsonElement> values = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        Event evt = TestEvents.Create("request");
        return evt with
        {
            Payload = evt.Payload with { Fields = new EventFields(values) },
            Flow = evt.Flow with { Vars = new Dictionary<string, string> { ["request_channel"] = "access-requests" } },
        };
    }

    private sealed class StatusHandler(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status));
    }

    // From src/Sym.Sdk/README.md.
    private sealed class CustomAccess(HttpClient api) : AccessStrategy
    {
        public override string IdentityService => "custom_api";

        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
            => new(user.Email);

        public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
        {
            string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
            using HttpResponseMessage response = await api.PutAsync($"grants/{identity}/{targetId}", null, cancellationToken);
            response.EnsureSuccessStatusCode();
            return StrategyOutput.Applied();
        }

        public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
        {
            string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
            using HttpResponseMessage response = await api.DeleteAsync($"grants/{identity}/{targetId}", cancellationToken);
            return response.StatusCode == HttpStatusCode.NotFound
                ? StrategyOutput.AlreadyRevoked()
                : StrategyOutput.Applied();
        }
    }

    private sealed class CustomAccessFlow : FlowImplementation
    {
        public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default)
            => new(RequestPermission.ForLevel(PermissionLevel.Member));

        public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default)
            => new(new RequestDestinationFallback([new SlackChannelName(evt.Flow.Vars["request_channel"]), new SlackUser("U0123456789")]));

        public override ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default)
            => new(evt.Fields.TargetId == "sandbox" && evt.Fields.Duration <= TimeSpan.FromHours(1)
                ? ApprovalTemplate.Approve("sandbox, one hour or less")
                : null);
    }
}
