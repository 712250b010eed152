using System.Net.Http.Json;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Requests;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.ConsumerTests;

/// <summary>A user's flow: requests announced to the <c>request_channel</c> var, approved by the people in <c>approvers</c>.</summary>
public sealed class GrantFlow : FlowImplementation
{
    public const string Name = "grants";

    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(new SlackChannelName(evt.Flow.Vars["request_channel"]));

    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(RequestPermission.ForUsers(evt.Flow.Vars["approvers"].Split(',')));

    public static void Configure(FlowOptions flow)
    {
        flow.Vars["request_channel"] = "#access";
        flow.Vars["approvers"] = "bob@example.com";
        flow.AllowedDurations.Add("1h");
        flow.Targets.Add(new AccessTargetOptions { Name = "prod", Label = "Production" });
        flow.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
    }
}

/// <summary>A user's strategy: grants and revokes through their own HTTP API (the named client <c>grants</c>).</summary>
public sealed class GrantStrategy(IHttpClientFactory clients) : AccessStrategy
{
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
        using HttpResponseMessage response = await clients.CreateClient("grants")
            .PostAsJsonAsync("/grants", new { identity, target = targetId }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return StrategyOutput.Applied();
    }

    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
        using HttpResponseMessage response = await clients.CreateClient("grants")
            .DeleteAsync($"/grants/{identity}/{targetId}", cancellationToken);
        response.EnsureSuccessStatusCode();
        return StrategyOutput.Applied();
    }
}
